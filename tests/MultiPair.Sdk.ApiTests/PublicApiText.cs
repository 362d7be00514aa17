using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace MultiPair.Sdk.ApiTests;

/// <summary>
/// Renders the public surface of an assembly as deterministic, C#-like text for API approval tests
/// (PublicApiGenerator does not resolve from this project's package source).
/// </summary>
/// <remarks>
/// Conventions: types are flattened (a nested type is its own block, named <c>Outer.Inner</c>) and grouped by
/// namespace; namespaces and types are sorted ordinally; members are grouped (constructors, fields, properties,
/// methods, events, operators; enum values by numeric value) and sorted by their rendered text. Type references
/// are fully qualified except C# keyword types. Public, protected and protected internal members are shown.
/// Compiler-generated members with unspeakable names (record <c>&lt;Clone&gt;$</c>) and the record
/// <c>EqualityContract</c> are skipped; the other synthesized record members (Equals, operators, Deconstruct,
/// PrintMembers, ...) are kept because callers can use them. Nullable annotations come from
/// <see cref="NullabilityInfoContext"/> for members; annotations inside base types, interfaces and constraint types
/// are not rendered.
/// </remarks>
internal static class PublicApiText
{
    private const string Indent = "    ";

    private const BindingFlags DeclaredMembers =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    // Attributes that change how callers use an API; everything else is an implementation detail.
    private static readonly HashSet<string> CallerRelevantAttributes = new(StringComparer.Ordinal)
    {
        "System.AttributeUsageAttribute",
        "System.FlagsAttribute",
        "System.ObsoleteAttribute",
        "System.ComponentModel.EditorBrowsableAttribute",
        "System.Diagnostics.CodeAnalysis.AllowNullAttribute",
        "System.Diagnostics.CodeAnalysis.DisallowNullAttribute",
        "System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute",
        "System.Diagnostics.CodeAnalysis.DoesNotReturnIfAttribute",
        "System.Diagnostics.CodeAnalysis.ExperimentalAttribute",
        "System.Diagnostics.CodeAnalysis.MaybeNullAttribute",
        "System.Diagnostics.CodeAnalysis.MaybeNullWhenAttribute",
        "System.Diagnostics.CodeAnalysis.MemberNotNullAttribute",
        "System.Diagnostics.CodeAnalysis.MemberNotNullWhenAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullIfNotNullAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullWhenAttribute",
        "System.Diagnostics.CodeAnalysis.RequiresDynamicCodeAttribute",
        "System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute",
        "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute",
        "System.Runtime.CompilerServices.CallerArgumentExpressionAttribute",
        "System.Runtime.CompilerServices.CallerFilePathAttribute",
        "System.Runtime.CompilerServices.CallerLineNumberAttribute",
        "System.Runtime.CompilerServices.CallerMemberNameAttribute",
        "System.Runtime.CompilerServices.EnumeratorCancellationAttribute",
    };

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void",
        [typeof(object)] = "object",
        [typeof(string)] = "string",
        [typeof(bool)] = "bool",
        [typeof(char)] = "char",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(nint)] = "nint",
        [typeof(nuint)] = "nuint",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
    };

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["op_Addition"] = "+",
        ["op_Subtraction"] = "-",
        ["op_Multiply"] = "*",
        ["op_Division"] = "/",
        ["op_Modulus"] = "%",
        ["op_CheckedAddition"] = "checked +",
        ["op_CheckedSubtraction"] = "checked -",
        ["op_CheckedMultiply"] = "checked *",
        ["op_CheckedDivision"] = "checked /",
        ["op_CheckedUnaryNegation"] = "checked -",
        ["op_CheckedIncrement"] = "checked ++",
        ["op_CheckedDecrement"] = "checked --",
        ["op_Equality"] = "==",
        ["op_Inequality"] = "!=",
        ["op_LessThan"] = "<",
        ["op_GreaterThan"] = ">",
        ["op_LessThanOrEqual"] = "<=",
        ["op_GreaterThanOrEqual"] = ">=",
        ["op_UnaryNegation"] = "-",
        ["op_UnaryPlus"] = "+",
        ["op_LogicalNot"] = "!",
        ["op_OnesComplement"] = "~",
        ["op_Increment"] = "++",
        ["op_Decrement"] = "--",
        ["op_True"] = "true",
        ["op_False"] = "false",
        ["op_BitwiseAnd"] = "&",
        ["op_BitwiseOr"] = "|",
        ["op_ExclusiveOr"] = "^",
        ["op_LeftShift"] = "<<",
        ["op_RightShift"] = ">>",
        ["op_UnsignedRightShift"] = ">>>",
    };

    /// <summary>Renders every public or protected type of <paramref name="assembly"/>.</summary>
    public static string Render(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = [.. ex.Types.OfType<Type>()];
        }

        return Render(types.Where(IsVisibleOutside));
    }

    /// <summary>Renders exactly the given types (nested types are not added), grouped and sorted as for an assembly.</summary>
    public static string Render(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var context = new NullabilityInfoContext();
        var sb = new StringBuilder();
        var byNamespace = types
            .Where(t => !t.Name.Contains('<', StringComparison.Ordinal))
            .Distinct()
            .GroupBy(t => t.Namespace ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byNamespace)
        {
            sb.Append("namespace ").Append(group.Key.Length == 0 ? "<global>" : group.Key).Append('\n');
            sb.Append("{\n");
            foreach (var type in group.OrderBy(DeclarationName, StringComparer.Ordinal))
            {
                RenderType(sb, type, context);
            }

            sb.Append("}\n");
        }

        return sb.ToString();
    }

    private static bool IsVisibleOutside(Type type)
    {
        if (!type.IsNested)
        {
            return type.IsPublic;
        }

        return (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisibleOutside(type.DeclaringType!);
    }

    private static bool IsVisible(MethodBase? method) =>
        method is not null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

    private static bool IsVisible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static string Accessibility(MethodBase method) =>
        method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Accessibility(FieldInfo field) =>
        field.IsPublic ? "public" : field.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static int AccessRank(MethodBase? method) =>
        method is null ? 0 : method.IsPublic ? 3 : method.IsFamilyOrAssembly ? 2 : method.IsFamily ? 1 : 0;

    // ---- types ----

    private static void RenderType(StringBuilder sb, Type type, NullabilityInfoContext context)
    {
        var indent = Indent;
        foreach (var attribute in RenderAttributes(type.GetCustomAttributesData()))
        {
            sb.Append(indent).Append('[').Append(attribute).Append("]\n");
        }

        var access = type.IsNestedFamily ? "protected" : type.IsNestedFamORAssem ? "protected internal" : "public";
        sb.Append(indent).Append(access).Append(' ');

        if (typeof(MulticastDelegate).IsAssignableFrom(type.BaseType) && type != typeof(MulticastDelegate))
        {
            var invoke = type.GetMethod("Invoke")!;
            sb.Append("delegate ")
                .Append(ReturnTypeText(invoke, context))
                .Append(' ')
                .Append(DeclarationName(type))
                .Append(ParameterList(invoke, context))
                .Append(ConstraintsText(type.GetGenericArguments().Skip(OuterArity(type))))
                .Append(";\n");
            return;
        }

        sb.Append(TypeKeyword(type)).Append(' ').Append(DeclarationName(type));
        var bases = BaseList(type);
        if (bases.Count > 0)
        {
            sb.Append(" : ").AppendJoin(", ", bases);
        }

        sb.Append(ConstraintsText(type.GetGenericArguments().Skip(OuterArity(type)))).Append('\n');
        sb.Append(indent).Append("{\n");
        foreach (var line in type.IsEnum ? EnumMembers(type) : Members(type, context))
        {
            sb.Append(indent).Append(Indent).Append(line).Append('\n');
        }

        sb.Append(indent).Append("}\n");
    }

    private static string TypeKeyword(Type type)
    {
        if (type.IsEnum)
        {
            return "enum";
        }

        if (type.IsInterface)
        {
            return "interface";
        }

        if (type.IsValueType)
        {
            var modifiers = new StringBuilder();
            if (HasAttribute(type, "System.Runtime.CompilerServices.IsReadOnlyAttribute"))
            {
                modifiers.Append("readonly ");
            }

            if (type.IsByRefLike)
            {
                modifiers.Append("ref ");
            }

            return modifiers.Append(IsRecordStruct(type) ? "record struct" : "struct").ToString();
        }

        var kind = IsRecordClass(type) ? "record" : "class";
        if (type.IsAbstract && type.IsSealed)
        {
            return "static " + kind;
        }

        if (type.IsAbstract)
        {
            return "abstract " + kind;
        }

        return type.IsSealed ? "sealed " + kind : kind;
    }

    private static bool IsRecordClass(Type type) =>
        type.GetMethod("<Clone>$", DeclaredMembers) is not null;

    private static bool IsRecordStruct(Type type) =>
        type.GetMethods(DeclaredMembers).Any(m =>
            string.Equals(m.Name, "PrintMembers", StringComparison.Ordinal)
            && m.ReturnType == typeof(bool)
            && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(StringBuilder)
            && m.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false));

    private static List<string> BaseList(Type type)
    {
        var list = new List<string>();
        if (type.IsEnum)
        {
            var underlying = Enum.GetUnderlyingType(type);
            if (underlying != typeof(int))
            {
                list.Add(TypeRef(underlying));
            }

            return list;
        }

        var baseType = type.BaseType;
        if (baseType is not null && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            list.Add(TypeRef(baseType));
        }

        var inherited = baseType?.GetInterfaces() ?? [];
        list.AddRange(type.GetInterfaces()
            .Where(i => !inherited.Contains(i) && IsVisibleOutside(i.IsGenericType ? i.GetGenericTypeDefinition() : i))
            .Select(i => TypeRef(i))
            .OrderBy(s => s, StringComparer.Ordinal));
        return list;
    }

    private static int OuterArity(Type type) =>
        type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;

    /// <summary>The type's name as declared: <c>Outer&lt;T&gt;.Inner&lt;in U&gt;</c>, without namespace.</summary>
    private static string DeclarationName(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var args = definition.GetGenericArguments();
        var chain = new List<Type>();
        for (var t = definition; t is not null; t = t.DeclaringType)
        {
            chain.Insert(0, t);
        }

        var parts = new List<string>();
        var used = 0;
        foreach (var level in chain)
        {
            var arity = level.GetGenericArguments().Length - used;
            var name = StripArity(level.Name);
            if (arity > 0)
            {
                var own = args.Skip(used).Take(arity).Select(a => Variance(a) + a.Name);
                name += "<" + string.Join(", ", own) + ">";
            }

            used += arity;
            parts.Add(name);
        }

        return string.Join('.', parts);
    }

    private static string Variance(Type genericParameter)
    {
        var variance = genericParameter.GenericParameterAttributes & GenericParameterAttributes.VarianceMask;
        return variance switch
        {
            GenericParameterAttributes.Covariant => "out ",
            GenericParameterAttributes.Contravariant => "in ",
            _ => string.Empty,
        };
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string ConstraintsText(IEnumerable<Type> genericParameters)
    {
        var sb = new StringBuilder();
        foreach (var parameter in genericParameters)
        {
            var constraints = new List<string>();
            var attributes = parameter.GenericParameterAttributes;
            var nullable = NullableFlag(parameter);
            var isUnmanaged = HasAttribute(parameter, "System.Runtime.CompilerServices.IsUnmanagedAttribute");
            var isStruct = attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint);
            if (isUnmanaged)
            {
                constraints.Add("unmanaged");
            }
            else if (isStruct)
            {
                constraints.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add(nullable == 2 ? "class?" : "class");
            }
            else if (nullable == 1)
            {
                constraints.Add("notnull");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => c != typeof(ValueType))
                .Select(c => TypeRef(c))
                .OrderBy(s => s, StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !isStruct)
            {
                constraints.Add("new()");
            }

            if (attributes.HasFlag(GenericParameterAttributes.AllowByRefLike))
            {
                constraints.Add("allows ref struct");
            }

            if (constraints.Count > 0)
            {
                sb.Append(" where ").Append(parameter.Name).Append(" : ").AppendJoin(", ", constraints);
            }
        }

        return sb.ToString();
    }

    // The compiler's NullableAttribute on a type parameter (1 = not null, 2 = nullable), else the nearest NullableContext.
    private static byte NullableFlag(Type genericParameter)
    {
        var own = NullableBytes(genericParameter.GetCustomAttributesData(), "System.Runtime.CompilerServices.NullableAttribute");
        if (own is { } ownFlag)
        {
            return ownFlag;
        }

        MemberInfo? scope = genericParameter.DeclaringMethod ?? (MemberInfo?)genericParameter.DeclaringType;
        while (scope is not null)
        {
            var context = NullableBytes(scope.GetCustomAttributesData(), "System.Runtime.CompilerServices.NullableContextAttribute");
            if (context is { } contextFlag)
            {
                return contextFlag;
            }

            scope = scope.DeclaringType;
        }

        return 0;
    }

    private static byte? NullableBytes(IList<CustomAttributeData> attributes, string attributeName)
    {
        var data = attributes.FirstOrDefault(a => string.Equals(a.AttributeType.FullName, attributeName, StringComparison.Ordinal));
        if (data is null || data.ConstructorArguments.Count == 0)
        {
            return null;
        }

        return data.ConstructorArguments[0].Value switch
        {
            byte b => b,
            IReadOnlyCollection<CustomAttributeTypedArgument> { Count: > 0 } bytes => (byte)bytes.First().Value!,
            _ => null,
        };
    }

    private static bool HasAttribute(MemberInfo member, string fullName) =>
        member.GetCustomAttributesData().Any(a => string.Equals(a.AttributeType.FullName, fullName, StringComparison.Ordinal));

    private static bool HasAttribute(ParameterInfo parameter, string fullName) =>
        parameter.GetCustomAttributesData().Any(a => string.Equals(a.AttributeType.FullName, fullName, StringComparison.Ordinal));

    // ---- members ----

    private static IEnumerable<string> EnumMembers(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(f => (Field: f, Value: f.GetRawConstantValue()!))
            .OrderBy(f => Convert.ToDecimal(f.Value, CultureInfo.InvariantCulture))
            .ThenBy(f => f.Field.Name, StringComparer.Ordinal)
            .Select(f => AttributePrefix(f.Field.GetCustomAttributesData())
                + f.Field.Name + " = " + Convert.ToString(f.Value, CultureInfo.InvariantCulture) + ",");

    private static IEnumerable<string> Members(Type type, NullabilityInfoContext context)
    {
        var ctors = type.GetConstructors(DeclaredMembers)
            .Where(c => IsVisible(c) && !c.IsStatic)
            .Select(c => (Key: string.Empty, Text: ConstructorText(type, c, context)));

        var fields = type.GetFields(DeclaredMembers)
            .Where(f => IsVisible(f) && !f.IsSpecialName)
            .Select(f => (Key: f.Name, Text: FieldText(f, context)));

        var properties = type.GetProperties(DeclaredMembers)
            .Where(p => !string.Equals(p.Name, "EqualityContract", StringComparison.Ordinal) && (IsVisible(p.GetMethod) || IsVisible(p.SetMethod)))
            .Select(p => (Key: p.Name, Text: PropertyText(type, p, context)));

        var methods = type.GetMethods(DeclaredMembers)
            .Where(m => IsVisible(m) && !m.Name.Contains('<', StringComparison.Ordinal))
            .ToList();
        var ordinary = methods.Where(m => !m.IsSpecialName)
            .Select(m => (Key: m.Name, Text: MethodText(type, m, context)));
        var operators = methods.Where(m => m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal))
            .Select(m => (Key: m.Name, Text: OperatorText(m, context)));

        var events = type.GetEvents(DeclaredMembers)
            .Where(e => IsVisible(e.AddMethod))
            .Select(e => (Key: e.Name, Text: EventText(type, e, context)));

        // Within each group: by member name, then by the rendered signature (overloads).
        return new[] { ctors, fields, properties, ordinary, events, operators }
            .SelectMany(group => group
                .OrderBy(m => m.Key, StringComparer.Ordinal)
                .ThenBy(m => m.Text, StringComparer.Ordinal)
                .Select(m => m.Text));
    }

    private static string ConstructorText(Type type, ConstructorInfo ctor, NullabilityInfoContext context) =>
        AttributePrefix(ctor.GetCustomAttributesData())
        + Accessibility(ctor) + " " + StripArity(type.Name) + ParameterList(ctor, context) + ";";

    private static string FieldText(FieldInfo field, NullabilityInfoContext context)
    {
        var sb = new StringBuilder(AttributePrefix(field.GetCustomAttributesData()));
        sb.Append(Accessibility(field)).Append(' ');
        if (field.IsLiteral)
        {
            sb.Append("const ");
        }
        else
        {
            if (field.IsStatic)
            {
                sb.Append("static ");
            }

            if (field.IsInitOnly)
            {
                sb.Append("readonly ");
            }
        }

        sb.Append(TypeRef(field.FieldType, context.Create(field), Raw(field.FieldType, field.GetCustomAttributesData(), field), TupleNames(field.GetCustomAttributesData()))).Append(' ').Append(field.Name);
        if (field.IsLiteral)
        {
            sb.Append(" = ").Append(Literal(field.GetRawConstantValue(), field.FieldType));
        }

        return sb.Append(';').ToString();
    }

    private static string PropertyText(Type type, PropertyInfo property, NullabilityInfoContext context)
    {
        var getter = IsVisible(property.GetMethod) ? property.GetMethod : null;
        var setter = IsVisible(property.SetMethod) ? property.SetMethod : null;
        var main = AccessRank(getter) >= AccessRank(setter) ? getter! : setter!;
        var sb = new StringBuilder(AttributePrefix(property.GetCustomAttributesData()));
        if (!type.IsInterface)
        {
            sb.Append(Accessibility(main)).Append(' ');
        }

        if (HasAttribute(property, "System.Runtime.CompilerServices.RequiredMemberAttribute"))
        {
            sb.Append("required ");
        }

        sb.Append(MethodModifiers(type, (MethodInfo)main));
        var nullability = context.Create(property);
        var state = getter is not null ? nullability.ReadState : nullability.WriteState;
        var prefix = property.PropertyType.IsByRef
            ? HasAttribute(property.GetMethod!.ReturnParameter, "System.Runtime.CompilerServices.IsReadOnlyAttribute") ? "ref readonly " : "ref "
            : string.Empty;
        sb.Append(prefix).Append(TypeRef(property.PropertyType, nullability, Raw(property.PropertyType, property.GetCustomAttributesData(), property), TupleNames(property.GetCustomAttributesData()), state)).Append(' ');
        var index = property.GetIndexParameters();
        if (index.Length > 0)
        {
            sb.Append("this[").AppendJoin(", ", index.Select(p => ParameterText(p, context, isExtension: false))).Append(']');
        }
        else
        {
            sb.Append(property.Name);
        }

        sb.Append(" { ");
        if (getter is not null)
        {
            sb.Append(AccessorPrefix(type, main, getter)).Append("get; ");
        }

        if (setter is not null)
        {
            var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m == typeof(IsExternalInit));
            sb.Append(AccessorPrefix(type, main, setter)).Append(isInit ? "init; " : "set; ");
        }

        return sb.Append('}').ToString();
    }

    private static string AccessorPrefix(Type type, MethodBase main, MethodBase accessor) =>
        type.IsInterface || AccessRank(main) == AccessRank(accessor) ? string.Empty : Accessibility(accessor) + " ";

    private static string MethodText(Type type, MethodInfo method, NullabilityInfoContext context)
    {
        var sb = new StringBuilder(AttributePrefix(method.GetCustomAttributesData()));
        foreach (var attribute in RenderAttributes(method.ReturnParameter.GetCustomAttributesData()))
        {
            sb.Append("[return: ").Append(attribute).Append("] ");
        }

        if (!type.IsInterface)
        {
            sb.Append(Accessibility(method)).Append(' ');
        }

        sb.Append(MethodModifiers(type, method));
        if (type.IsValueType && !HasAttribute(type, "System.Runtime.CompilerServices.IsReadOnlyAttribute")
            && HasAttribute(method, "System.Runtime.CompilerServices.IsReadOnlyAttribute"))
        {
            sb.Append("readonly ");
        }

        sb.Append(ReturnTypeText(method, context)).Append(' ').Append(method.Name);
        if (method.IsGenericMethodDefinition)
        {
            sb.Append('<').AppendJoin(", ", method.GetGenericArguments().Select(a => a.Name)).Append('>');
        }

        sb.Append(ParameterList(method, context));
        if (method.IsGenericMethodDefinition)
        {
            sb.Append(ConstraintsText(method.GetGenericArguments()));
        }

        return sb.Append(';').ToString();
    }

    private static string OperatorText(MethodInfo method, NullabilityInfoContext context)
    {
        var sb = new StringBuilder(AttributePrefix(method.GetCustomAttributesData()));
        sb.Append(Accessibility(method)).Append(' ').Append(MethodModifiers(method.DeclaringType!, method));
        if (string.Equals(method.Name, "op_Implicit", StringComparison.Ordinal) || string.Equals(method.Name, "op_Explicit", StringComparison.Ordinal))
        {
            sb.Append(method.Name[3..].ToLowerInvariant()).Append(" operator ").Append(ReturnTypeText(method, context));
        }
        else
        {
            var symbol = Operators.TryGetValue(method.Name, out var op) ? op : method.Name;
            sb.Append(ReturnTypeText(method, context)).Append(" operator ").Append(symbol);
        }

        return sb.Append(ParameterList(method, context)).Append(';').ToString();
    }

    private static string EventText(Type type, EventInfo @event, NullabilityInfoContext context)
    {
        var add = @event.AddMethod!;
        var sb = new StringBuilder(AttributePrefix(@event.GetCustomAttributesData()));
        if (!type.IsInterface)
        {
            sb.Append(Accessibility(add)).Append(' ');
        }

        sb.Append(MethodModifiers(type, add)).Append("event ");
        var nullability = context.Create(@event);
        return sb.Append(TypeRef(@event.EventHandlerType!, nullability, Raw(@event.EventHandlerType!, @event.GetCustomAttributesData(), @event), null)).Append(' ').Append(@event.Name).Append(';').ToString();
    }

    private static string MethodModifiers(Type type, MethodInfo method)
    {
        if (type.IsInterface)
        {
            if (method.IsStatic)
            {
                return method.IsAbstract ? "static abstract " : method.IsVirtual ? "static virtual " : "static ";
            }

            return string.Empty;
        }

        if (method.IsStatic)
        {
            return "static ";
        }

        if (method.IsAbstract)
        {
            return IsOverride(method) ? "abstract override " : "abstract ";
        }

        if (!method.IsVirtual)
        {
            return string.Empty;
        }

        if (IsOverride(method))
        {
            return method.IsFinal ? "sealed override " : "override ";
        }

        return method.IsFinal ? string.Empty : "virtual ";
    }

    private static bool IsOverride(MethodInfo method) =>
        method.GetBaseDefinition().DeclaringType != method.DeclaringType;

    private static string ReturnTypeText(MethodInfo method, NullabilityInfoContext context)
    {
        var returnParameter = method.ReturnParameter;
        var type = returnParameter.ParameterType;
        var names = TupleNames(returnParameter.GetCustomAttributesData());
        if (type == typeof(void))
        {
            return "void";
        }

        var nullability = context.Create(returnParameter);
        var raw = Raw(type, returnParameter.GetCustomAttributesData(), method);
        if (type.IsByRef)
        {
            var prefix = HasAttribute(returnParameter, "System.Runtime.CompilerServices.IsReadOnlyAttribute") ? "ref readonly " : "ref ";
            return prefix + TypeRef(type.GetElementType()!, nullability, raw, names);
        }

        return TypeRef(type, nullability, raw, names);
    }

    private static string ParameterList(MethodBase method, NullabilityInfoContext context)
    {
        var isExtension = method.IsDefined(typeof(ExtensionAttribute), inherit: false);
        var parameters = method.GetParameters();
        return "(" + string.Join(", ", parameters.Select((p, i) => ParameterText(p, context, isExtension && i == 0))) + ")";
    }

    private static string ParameterText(ParameterInfo parameter, NullabilityInfoContext context, bool isExtension)
    {
        var sb = new StringBuilder(AttributePrefix(parameter.GetCustomAttributesData()));
        if (isExtension)
        {
            sb.Append("this ");
        }

        if (HasAttribute(parameter, "System.ParamArrayAttribute") || HasAttribute(parameter, "System.Runtime.CompilerServices.ParamCollectionAttribute"))
        {
            sb.Append("params ");
        }

        var type = parameter.ParameterType;
        var nullability = context.Create(parameter);
        var raw = Raw(type, parameter.GetCustomAttributesData(), parameter.Member);
        var state = nullability.WriteState;
        if (type.IsByRef)
        {
            type = type.GetElementType()!;
            if (parameter.IsOut && !parameter.IsIn)
            {
                sb.Append("out ");
                state = nullability.ReadState;
            }
            else if (HasAttribute(parameter, "System.Runtime.CompilerServices.RequiresLocationAttribute"))
            {
                sb.Append("ref readonly ");
            }
            else if (parameter.IsIn && HasAttribute(parameter, "System.Runtime.CompilerServices.IsReadOnlyAttribute"))
            {
                sb.Append("in ");
            }
            else
            {
                sb.Append("ref ");
            }
        }

        sb.Append(TypeRef(type, nullability, raw, TupleNames(parameter.GetCustomAttributesData()), state));
        sb.Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue)
        {
            sb.Append(" = ").Append(Literal(parameter.RawDefaultValue, type));
        }

        return sb.ToString();
    }

    // ---- type references ----

    private static string TypeRef(Type type) => TypeRef(type, null, null, null);

    private static string TypeRef(Type type, NullabilityInfo? nullability, RawNullability? raw, Queue<string?>? tupleNames, NullabilityState? topState = null)
    {
        var state = topState ?? nullability?.ReadState;
        var question = state == NullabilityState.Nullable && !type.IsValueType ? "?" : string.Empty;

        if (type.IsByRef)
        {
            return TypeRef(type.GetElementType()!, nullability, raw, tupleNames, topState);
        }

        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return TypeRef(type.GetElementType()!, nullability?.ElementType, raw?.Element, tupleNames)
                + "[" + new string(',', rank - 1) + "]" + question;
        }

        if (type.IsPointer)
        {
            return TypeRef(type.GetElementType()!, null, null, tupleNames) + "*";
        }

        if (type.IsGenericParameter)
        {
            // NullabilityInfoContext reports a type parameter that may be null (unconstrained, class?) as Nullable
            // even where the source says T, not T?: the compiler's own flag tells them apart.
            return type.Name + (raw?.Flag == 2 ? "?" : string.Empty);
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + question;
        }

        var args = type.GetGenericArguments();
        var argNullability = nullability?.GenericTypeArguments;
        string Arg(int i) => TypeRef(
            args[i],
            argNullability is { Length: > 0 } a && i < a.Length ? a[i] : null,
            raw is { Args.Length: > 0 } r && i < r.Args.Length ? r.Args[i] : null,
            tupleNames);

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            // Both NullabilityInfo and the compiler's flags describe Nullable<X> by X's shape.
            return TypeRef(args[0], nullability, raw, tupleNames) + "?";
        }

        if (IsValueTuple(type) && args.Length is > 1 and < 8)
        {
            var names = new string?[args.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = tupleNames is { Count: > 0 } ? tupleNames.Dequeue() : null;
            }

            var elements = args.Select((_, i) => Arg(i) + (names[i] is { } n ? " " + n : string.Empty));
            return "(" + string.Join(", ", elements) + ")";
        }

        var chain = new List<Type>();
        for (var t = type.IsGenericType ? type.GetGenericTypeDefinition() : type; t is not null; t = t.DeclaringType)
        {
            chain.Insert(0, t);
        }

        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(chain[0].Namespace))
        {
            sb.Append(chain[0].Namespace).Append('.');
        }

        var used = 0;
        for (var level = 0; level < chain.Count; level++)
        {
            if (level > 0)
            {
                sb.Append('.');
            }

            sb.Append(StripArity(chain[level].Name));
            var arity = chain[level].GetGenericArguments().Length - used;
            if (arity > 0)
            {
                sb.Append('<').AppendJoin(", ", Enumerable.Range(used, arity).Select(Arg)).Append('>');
            }

            used += arity;
        }

        return sb.Append(question).ToString();
    }

    /// <summary>The compiler's nullable flags for one type reference, shaped like the type (see NullabilityInfoContext).</summary>
    private sealed record RawNullability(byte Flag, RawNullability? Element, RawNullability[] Args);

    private static RawNullability Raw(Type type, IList<CustomAttributeData> attributes, MemberInfo scope)
    {
        var data = attributes.FirstOrDefault(a =>
            string.Equals(a.AttributeType.FullName, "System.Runtime.CompilerServices.NullableAttribute", StringComparison.Ordinal));
        byte[]? flags = null;
        byte? single = null;
        switch (data?.ConstructorArguments[0].Value)
        {
            case byte b:
                single = b;
                break;
            case IReadOnlyCollection<CustomAttributeTypedArgument> bytes:
                flags = [.. bytes.Select(x => (byte)x.Value!)];
                break;
        }

        if (data is null)
        {
            for (MemberInfo? m = scope; m is not null && single is null; m = m.DeclaringType)
            {
                single = NullableBytes(m.GetCustomAttributesData(), "System.Runtime.CompilerServices.NullableContextAttribute");
            }
        }

        var index = 0;
        return Build(type);

        RawNullability Build(Type t)
        {
            if (t.IsByRef || t.IsPointer)
            {
                t = t.GetElementType()!;
            }

            byte flag = 0;
            RawNullability? element = null;
            if (t.IsValueType)
            {
                t = Nullable.GetUnderlyingType(t) ?? t;
                if (t.IsGenericType)
                {
                    index++;
                }
            }
            else
            {
                flag = flags is not null ? (index < flags.Length ? flags[index] : (byte)0) : single ?? 0;
                index++;
                if (t.IsArray)
                {
                    element = Build(t.GetElementType()!);
                }
            }

            var args = t.IsGenericType ? t.GetGenericArguments().Select(Build).ToArray() : [];
            return new RawNullability(flag, element, args);
        }
    }

    private static bool IsValueTuple(Type type) =>
        type.IsGenericType && string.Equals(type.Namespace, "System", StringComparison.Ordinal)
        && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);

    private static Queue<string?>? TupleNames(IList<CustomAttributeData> attributes)
    {
        var data = attributes.FirstOrDefault(a =>
            string.Equals(a.AttributeType.FullName, "System.Runtime.CompilerServices.TupleElementNamesAttribute", StringComparison.Ordinal));
        if (data?.ConstructorArguments[0].Value is not IReadOnlyCollection<CustomAttributeTypedArgument> names)
        {
            return null;
        }

        return new Queue<string?>(names.Select(n => (string?)n.Value));
    }

    // ---- attributes and literals ----

    private static string AttributePrefix(IList<CustomAttributeData> attributes)
    {
        var rendered = RenderAttributes(attributes);
        return rendered.Count == 0 ? string.Empty : string.Concat(rendered.Select(a => "[" + a + "] "));
    }

    private static List<string> RenderAttributes(IList<CustomAttributeData> attributes) =>
        [.. attributes
            .Where(a => a.AttributeType.FullName is { } name && CallerRelevantAttributes.Contains(name) && !IsRequiredMembersGuard(a))
            .Select(RenderAttribute)
            .OrderBy(s => s, StringComparer.Ordinal)];

    // The compiler marks constructors of types with required members [Obsolete(...)] for old compilers; not an API decision.
    private static bool IsRequiredMembersGuard(CustomAttributeData attribute) =>
        string.Equals(attribute.AttributeType.FullName, "System.ObsoleteAttribute", StringComparison.Ordinal)
        && attribute.ConstructorArguments is [{ Value: string message }, ..]
        && message.StartsWith("Constructors of types with required members", StringComparison.Ordinal);

    private static string RenderAttribute(CustomAttributeData attribute)
    {
        var name = TypeRef(attribute.AttributeType);
        if (name.EndsWith("Attribute", StringComparison.Ordinal))
        {
            name = name[..^"Attribute".Length];
        }

        var args = attribute.ConstructorArguments.Select(a => Literal(a.Value, a.ArgumentType))
            .Concat(attribute.NamedArguments.Select(a => a.MemberName + " = " + Literal(a.TypedValue.Value, a.TypedValue.ArgumentType)))
            .ToList();
        return args.Count == 0 ? name : name + "(" + string.Join(", ", args) + ")";
    }

    private static string Literal(object? value, Type type)
    {
        if (type.IsByRef)
        {
            type = type.GetElementType()!;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        switch (value)
        {
            case null:
                return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null";
            case IReadOnlyCollection<CustomAttributeTypedArgument> array:
                return "new " + TypeRef(type) + " { " + string.Join(", ", array.Select(a => Literal(a.Value, a.ArgumentType))) + " }";
            case Type t:
                return "typeof(" + TypeRef(t) + ")";
            case string s:
                return "\"" + Escape(s) + "\"";
            case char c:
                return "'" + Escape(c.ToString()) + "'";
            case bool b:
                return b ? "true" : "false";
        }

        if (underlying.IsEnum)
        {
            var enumValue = Enum.ToObject(underlying, value);
            var name = Enum.GetName(underlying, enumValue);
            return name is not null
                ? TypeRef(underlying) + "." + name
                : "(" + TypeRef(underlying) + ")" + Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return value switch
        {
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
