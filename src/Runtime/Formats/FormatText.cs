using System.Text;

namespace CompiledFlow.Formats;

/// <summary>Renders bad input for error messages: decoded, shortened, never on the good path.</summary>
internal static class FormatText
{
    private const int MaxShown = 80;

    /// <summary>The UTF-8 <paramref name="text"/> as a string of at most <see cref="MaxShown"/> characters.</summary>
    public static string Show(ReadOnlySpan<byte> text)
    {
        string decoded = Encoding.UTF8.GetString(text);
        return decoded.Length <= MaxShown ? decoded : string.Concat(decoded.AsSpan(0, MaxShown), "…");
    }
}
