using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace CompiledFlow;

/// <summary>
/// The shape of a state type as text: its name and, for structs and classes, every instance field
/// (private ones too) with its shape, in declaration order. A checkpoint stores the shapes of the
/// state it holds; restoring into a type whose shape differs fails with an error naming the
/// operator, instead of reading bytes that mean something else.
/// </summary>
public static class StateSchema
{
    private static readonly ConcurrentDictionary<Type, string> Cache = new();

    /// <summary>The shape of <typeparamref name="T"/>.</summary>
    public static string Of<T>() => Of(typeof(T));

    /// <summary>The shape of <paramref name="type"/>.</summary>
    public static string Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var text = new StringBuilder();
        Describe(t, text, []);
        return text.ToString();
    });

    private static void Describe(Type type, StringBuilder text, HashSet<Type> open)
    {
        text.Append(Name(type));
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.IsArray || IsCollection(type) || !open.Add(type))
        {
            if (type.IsArray)
            {
                text.Append('[');
                Describe(type.GetElementType()!, text, open);
                text.Append(']');
            }
            else if (IsCollection(type))
            {
                text.Append('[');
                foreach (Type argument in type.GetGenericArguments())
                {
                    Describe(argument, text, open);
                }

                text.Append(']');
            }

            return;
        }

        FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (fields.Length > 0)
        {
            text.Append('{');
            for (int i = 0; i < fields.Length; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(fields[i].Name).Append(':');
                Describe(fields[i].FieldType, text, open);
            }

            text.Append('}');
        }

        open.Remove(type);
    }

    private static bool IsCollection(Type type) =>
        type.IsGenericType && type.Namespace == "System.Collections.Generic";

    private static string Name(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        string name = type.GetGenericTypeDefinition().FullName ?? type.Name;
        int tick = name.IndexOf('`');
        name = tick >= 0 ? name[..tick] : name;
        return IsCollection(type) ? name : $"{name}<{string.Join(",", type.GetGenericArguments().Select(Name))}>";
    }
}
