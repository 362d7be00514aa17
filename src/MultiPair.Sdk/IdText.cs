namespace MultiPair.Sdk;

/// <summary>Shared validation of textual identifiers.</summary>
internal static class IdText
{
    public static void Validate(string value, int maxLength, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, paramName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"The id '{value}' is {value.Length} characters long; at most {maxLength} are allowed.", paramName);
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException($"The id '{value}' contains white space or a control character.", paramName);
            }
        }
    }
}
