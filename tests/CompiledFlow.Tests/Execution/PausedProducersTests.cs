using CompiledFlow.Execution;

namespace CompiledFlow.Tests.Execution;

/// <summary>
/// <see cref="PausedProducers"/>: a subtask's run is handed to a source split paused by watermark
/// alignment when there is one, and every run handed over is started when the split resumes.
/// </summary>
public sealed class PausedProducersTests
{
    [Fact]
    public void With_no_split_paused_the_caller_keeps_the_run()
    {
        var paused = new PausedProducers();
        var run = new RecordingRun();

        Assert.False(paused.TryHandOver(run));
        Assert.Equal(0, run.Starts);
    }

    [Fact]
    public async Task A_paused_split_is_woken_by_a_hand_over_and_starts_the_run_when_it_resumes()
    {
        var paused = new PausedProducers();
        var run = new RecordingRun();
        Task handedOver = paused.Pause();
        Assert.False(handedOver.IsCompleted);

        Assert.True(paused.TryHandOver(run));
        await handedOver.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, run.Starts); // not on the caller's thread

        int resumer = Environment.CurrentManagedThreadId;
        paused.Resume(CancellationToken.None);
        Assert.Equal(1, run.Starts);
        Assert.Equal(resumer, run.Thread);
        Assert.False(paused.TryHandOver(new RecordingRun())); // no split is paused any more
    }

    [Fact]
    public void Runs_handed_over_before_a_pause_ends_are_all_started_by_the_split_that_resumes()
    {
        var paused = new PausedProducers();
        _ = paused.Pause();
        RecordingRun[] runs = [new(), new(), new()];
        Assert.All(runs, run => Assert.True(paused.TryHandOver(run)));
        Assert.True(paused.Pause().IsCompleted); // a second split pausing now finds runs waiting

        paused.Resume(CancellationToken.None);
        Assert.All(runs, run => Assert.Equal(1, run.Starts));
        Assert.True(paused.TryHandOver(new RecordingRun())); // the second split is still paused
    }

    private sealed class RecordingRun : IHandedRun
    {
        public int Starts { get; private set; }

        public int Thread { get; private set; }

        public void StartHandedRun(CancellationToken cancellationToken)
        {
            Starts++;
            Thread = Environment.CurrentManagedThreadId;
        }
    }
}
