using System.Runtime.InteropServices;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): what the backtest's own thread
/// spent, without the reader thread, the GC's background threads or time waiting for a core on a shared machine — the
/// steadiest figure to compare two builds with. Zero where the call is not available.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Gets the calling thread's CPU time so far.</summary>
    public static TimeSpan Now
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return TimeSpan.Zero;
            }

            try
            {
                return ClockGetTime(ClockThreadCpuTimeId, out var time) == 0
                    ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
                    : TimeSpan.Zero;
            }
            catch (DllNotFoundException)
            {
                return TimeSpan.Zero;
            }
            catch (EntryPointNotFoundException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
