using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Generator;
using CompiledFlow.Benchmarks.Stateless;

namespace CompiledFlow.Benchmarks.Infrastructure;

/// <summary>
/// Runs every [Benchmark] method of every benchmark class once, untimed, and checks that it
/// computes what the class's baseline (the hand-written loop) computes: a sum within a relative
/// 1e-9, a list element for element. A benchmark that computes something else is worthless, so
/// the benchmark command runs this first and stops if anything differs; CI runs it alone with
/// <c>--verify</c>.
/// </summary>
public static class Verification
{
    private const double RelativeTolerance = 1e-9;

    private static readonly Type[] BenchmarkTypes =
    [
        typeof(StatelessSumBenchmarks),
        typeof(StatelessSumPeerBenchmarks),
        typeof(StatelessListBenchmarks),
        typeof(StatelessJobAnatomyBenchmarks),
        typeof(GeneratorBenchmarks),
    ];

    /// <summary>Verifies every benchmark over <paramref name="records"/> bids; returns false (and says why) if one is wrong.</summary>
    public static bool Run(int records, TextWriter log)
    {
        bool ok = true;
        foreach (Type type in BenchmarkTypes)
        {
            try
            {
                VerifyType(type, records, log);
            }
            catch (Exception e)
            {
                ok = false;
                log.WriteLine($"FAILED {type.Name}: {(e is TargetInvocationException { InnerException: { } inner } ? inner : e)}");
            }
        }

        log.WriteLine(ok ? "Verification passed: every benchmark computes the baseline's result." : "Verification FAILED.");
        return ok;
    }

    private static void VerifyType(Type type, int records, TextWriter log)
    {
        object instance = Activator.CreateInstance(type)!;
        if (instance is IWorkloadBenchmark workload)
        {
            workload.Records = records;
        }

        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance);
        MethodInfo[] benchmarks = [.. methods.Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)];
        MethodInfo? baseline = benchmarks.SingleOrDefault(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);

        Invoke<GlobalSetupAttribute>(instance, methods);
        try
        {
            object? expected = baseline is null ? null : Call(instance, baseline, log);
            foreach (MethodInfo benchmark in benchmarks.Where(m => m != baseline))
            {
                object? actual = Call(instance, benchmark, log);
                if (instance is IChecksOwnResults checker)
                {
                    checker.CheckResult(benchmark.Name, actual);
                }
                else
                {
                    Compare(type.Name + "." + benchmark.Name, expected, actual);
                }
            }

            if (baseline is not null && instance is IChecksOwnResults baselineChecker)
            {
                baselineChecker.CheckResult(baseline.Name, expected);
            }
        }
        finally
        {
            Invoke<GlobalCleanupAttribute>(instance, methods);
        }
    }

    private static void Invoke<TAttribute>(object instance, MethodInfo[] methods)
        where TAttribute : Attribute
    {
        foreach (MethodInfo method in methods.Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }

    /// <summary>Calls a benchmark method, waits for it if it returns a task, and returns its result.</summary>
    private static object? Call(object instance, MethodInfo method, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        object? result = method.Invoke(instance, null);
        if (result is Task task)
        {
            task.GetAwaiter().GetResult();
            result = task.GetType().GetProperty(nameof(Task<object>.Result))?.GetValue(task);
        }

        log.WriteLine($"  verified run of {instance.GetType().Name}.{method.Name}: {clock.Elapsed.TotalMilliseconds:N0} ms");
        return result;
    }

    private static void Compare(string benchmark, object? expected, object? actual)
    {
        switch (expected, actual)
        {
            case (double e, double a):
                if (!(Math.Abs(a - e) <= RelativeTolerance * Math.Abs(e)) || e == 0)
                {
                    throw new InvalidOperationException($"{benchmark} computed the sum {a:R}, the hand-written loop {e:R}.");
                }

                break;
            case (IEnumerable<double> e, IEnumerable<double> a):
                double[] left = [.. e], right = [.. a];
                if (left.Length == 0)
                {
                    throw new InvalidOperationException($"{benchmark}: the hand-written loop produced no records; the workload is wrong.");
                }

                if (left.Length != right.Length)
                {
                    throw new InvalidOperationException($"{benchmark} produced {right.Length} records, the hand-written loop {left.Length}.");
                }

                for (int i = 0; i < left.Length; i++)
                {
                    if (left[i] != right[i])
                    {
                        throw new InvalidOperationException($"{benchmark} record {i} is {right[i]:R}, the hand-written loop's is {left[i]:R}.");
                    }
                }

                break;
            default:
                throw new InvalidOperationException(
                    $"{benchmark} returned {actual?.GetType().Name ?? "null"}, the baseline {expected?.GetType().Name ?? "null"}: the verification cannot compare them.");
        }
    }
}
