using System.Globalization;

namespace CompiledFlow.Benchmarks.Generator;

/// <summary>
/// Source text for the generator benchmark: distinct pipelines, one file each, each with a
/// filter, a map and a flat map over its own record struct; and one file no pipeline depends on.
/// </summary>
public static class SyntheticPipelines
{
    /// <summary>The source of pipeline <paramref name="index"/>; <paramref name="extraFilter"/> adds one more operator.</summary>
    public static string Pipeline(int index, bool extraFilter = false)
    {
        string n = index.ToString("00", CultureInfo.InvariantCulture);
        string divisor = (index + 2).ToString(CultureInfo.InvariantCulture);
        string factor = (index + 3).ToString(CultureInfo.InvariantCulture);
        string extra = extraFilter
            ? $"\n    [Filter]\n    static bool Small(in Reading{n} r) => r.Value < 1_000_000;\n"
            : string.Empty;
        return $$"""
            using CompiledFlow;

            namespace Synthetic.Sensors{{n}};

            public readonly record struct Reading{{n}}(long Sensor, long Value, long Time);

            public readonly record struct Sample{{n}}(long Sensor, long Part);

            [Pipeline]
            public static partial class Pipeline{{n}}
            {
                [Filter]
                static bool Valid(in Reading{{n}} r) => r.Value % {{divisor}} != 0;
            {{extra}}
                [Map]
                static Reading{{n}} Scaled(in Reading{{n}} r) => r with { Value = r.Value * {{factor}} };

                [FlatMap]
                static void Split(in Reading{{n}} r, ref Emitter<Sample{{n}}> output)
                {
                    output.Emit(new Sample{{n}}(r.Sensor, r.Value / 2));
                    output.Emit(new Sample{{n}}(r.Sensor, r.Value - r.Value / 2));
                }
            }
            """;
    }

    /// <summary>A file with no pipeline; <paramref name="answer"/> is what an edit changes.</summary>
    public static string Unrelated(int answer) => $$"""
        namespace Synthetic;

        public static class Settings
        {
            public static int Answer() => {{answer.ToString(CultureInfo.InvariantCulture)}};
        }
        """;
}
