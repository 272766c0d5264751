namespace CompiledFlow.Tests;

/// <summary>
/// The tests that count allocated bytes. They run after every other test, one at a time: a GC
/// triggered by a test on another thread can shift this thread's allocation count.
/// </summary>
[CollectionDefinition(nameof(AllocationCounting), DisableParallelization = true)]
public sealed class AllocationCounting;
