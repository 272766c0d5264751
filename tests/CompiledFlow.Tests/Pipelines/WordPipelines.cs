namespace CompiledFlow.Tests.Pipelines;

public sealed record Sentence(int Id, string Text);

/// <summary>A flat map in the middle of a chain, with a filter after it and a tuple output.</summary>
[Pipeline]
public static partial class Words
{
    [FlatMap]
    static void Split(in Sentence sentence, ref Emitter<string> output)
    {
        foreach (string word in sentence.Text.Split(' '))
        {
            output.Emit(word);
        }
    }

    [Filter]
    static bool NotEmpty(in string word) => word.Length > 0;

    [Map]
    static (string Word, int Length) Measure(in string word) => (word, word.Length);
}

/// <summary>Two flat maps in a row: the second loop nests inside the first.</summary>
[Pipeline]
public static partial class Ranges
{
    [FlatMap]
    static void UpTo(int n, ref Emitter<int> output)
    {
        for (int i = 0; i < n; i++)
        {
            output.Emit(i);
        }
    }

    [FlatMap]
    static void Twice(in int i, ref Emitter<long> output)
    {
        output.Emit(i);
        output.Emit(-i);
    }
}
