namespace CompiledFlow.Tests.Keyed;

[Collection(nameof(AllocationCounting))]
public sealed class ProcessTimerAllocationTests
{
    [Fact]
    public void Timers_of_keys_without_state_allocate_nothing_when_the_state_holds_references()
    {
        // Telling a key that never got state from one that did must not compare the struct field by
        // field through reflection (ValueType.Equals boxes every field of a struct holding references).
        var process = new KeyedProcessOperator<long, long, Note, long, RemindWithoutState>();
        var output = new Counted();
        for (long key = 0; key < 1_000; key++)
        {
            process.Add(key, 100, 1, ref output);
        }

        process.AdvanceWatermark(400, ref output); // warms the timer path up
        long before = GC.GetAllocatedBytesForCurrentThread();
        process.AdvanceWatermark(1_000, ref output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1_000, output.Count);
        Assert.Equal(0, process.StateCount);
        Assert.Equal(0, allocated);
    }

    // The engine must handle a state type with a reference among its fields without boxing or reflection.
    // Only the state's shape matters: a reference and a value. The fields are set through the primary
    // constructor, which the test never calls (the engine starts every key at default), so the struct
    // stays a plain one: a record struct would add IEquatable, which changes the code path under test.
    private readonly struct Note(string? text, long count)
    {
        public readonly string? Text = text;
        public readonly long Count = count;
    }

    private readonly struct RemindWithoutState : IKeyedProcessFunction<long, long, Note, long>
    {
        public static void ProcessElement(in long value, ref KeyedContext<long, Note, long> context)
        {
            context.RegisterTimer(context.Key < 1 ? 300 : 500);
            context.ClearState();
        }

        public static void OnTimer(ref KeyedContext<long, Note, long> context) => context.Emit(context.Key);
    }

    private struct Counted : ICollector<Keyed<long, long>>
    {
        public int Count;

        public void Collect(in Keyed<long, long> item) => Count++;
    }
}
