using CompiledFlow.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompiledFlow.Tests.Execution;

public sealed class SubtaskInboxTests : IDisposable
{
    private readonly GraphContext _context = new(
        new JobOptions { Parallelism = 2 },
        new Dictionary<Type, object>(),
        new CheckpointCoordinator("test", null, null, NullLogger.Instance, _ => { }),
        CancellationToken.None);

    private readonly List<(int Message, int Thread)> _processed = [];
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void An_idle_subtask_is_run_by_its_sender_on_the_sender_thread()
    {
        _gate.SetResult();
        SubtaskInbox<int> inbox = SubtaskInbox<int>.For(_context, producers: 2, subtasks: 2, ProcessAsync);

        ValueTask sent = inbox.SendAsync(1, CancellationToken.None);

        Assert.True(sent.IsCompletedSuccessfully); // processed before SendAsync returned
        Assert.Equal([(1, Environment.CurrentManagedThreadId)], _processed);
    }

    [Fact]
    public async Task A_message_sent_while_another_sender_runs_the_subtask_is_run_by_that_sender_in_order()
    {
        SubtaskInbox<int> inbox = SubtaskInbox<int>.For(_context, producers: 2, subtasks: 2, ProcessAsync);

        Task first = inbox.SendAsync(1, CancellationToken.None).AsTask(); // runs the subtask, waits in message 1
        ValueTask second = inbox.SendAsync(2, CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully); // only queued: the running sender takes it
        Assert.Equal([1], _processed.Select(p => p.Message));
        _gate.SetResult();
        await first;
        Assert.Equal([1, 2], _processed.Select(p => p.Message));
    }

    [Fact]
    public async Task Senders_wait_once_the_inbox_holds_its_capacity()
    {
        SubtaskInbox<int> inbox = SubtaskInbox<int>.For(_context, producers: 2, subtasks: 2, ProcessAsync);
        Task running = inbox.SendAsync(0, CancellationToken.None).AsTask();
        for (int i = 1; i <= SubtaskInbox<int>.Capacity; i++)
        {
            Assert.True(inbox.SendAsync(i, CancellationToken.None).IsCompletedSuccessfully);
        }

        Task waiting = inbox.SendAsync(99, CancellationToken.None).AsTask();

        Assert.False(waiting.IsCompleted);
        _gate.SetResult();
        await Task.WhenAll(running, waiting);
        await inbox.SendAsync(End, CancellationToken.None);
        await _context.WhenAllLoopsAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // The first sender ran a capacity's worth of messages, then left the rest to a pool thread.
        Assert.Equal([.. Enumerable.Range(0, SubtaskInbox<int>.Capacity + 1), 99, End], _processed.Select(p => p.Message));
    }

    [Fact]
    public async Task The_job_waits_for_a_subtask_run_by_its_senders_until_it_has_ended()
    {
        _gate.SetResult();
        SubtaskInbox<int> inbox = SubtaskInbox<int>.For(_context, producers: 2, subtasks: 2, ProcessAsync);
        Task ended = _context.WhenAllLoopsAsync();

        await inbox.SendAsync(1, CancellationToken.None);
        Assert.False(ended.IsCompleted);
        await inbox.SendAsync(End, CancellationToken.None);

        await ended.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_subtask_with_fewer_producers_than_subtasks_runs_on_a_thread_of_its_own()
    {
        _gate.SetResult();
        SubtaskInbox<int> inbox = SubtaskInbox<int>.For(_context, producers: 1, subtasks: 2, ProcessAsync);

        await inbox.SendAsync(1, CancellationToken.None);
        await inbox.SendAsync(End, CancellationToken.None);
        await _context.WhenAllLoopsAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, End], _processed.Select(p => p.Message));
    }

    private const int End = -1;

    private async ValueTask<bool> ProcessAsync(int message, CancellationToken cancellationToken)
    {
        lock (_processed)
        {
            _processed.Add((message, Environment.CurrentManagedThreadId));
        }

        await _gate.Task.WaitAsync(cancellationToken);
        return message == End;
    }
}
