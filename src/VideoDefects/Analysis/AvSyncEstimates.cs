using VideoDefects.Reports;

namespace VideoDefects.Analysis;

/// <summary>Chooses the report's one sync estimate when several analyzers give one.</summary>
public static class AvSyncEstimates
{
    /// <summary>The estimate resting on the strongest evidence, answer or abstention: a test pattern (absolute), then a
    /// reference (given by the user: its answer or its refusal is the report), then lip sync (a speaking face was seen:
    /// the content method is not to be trusted there), then the content method, then the container's timestamps.
    /// An analyzer with no opinion gives null. Ties go to the first.</summary>
    public static AvSyncReport? Choose(IEnumerable<AvSyncReport?> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        AvSyncReport? best = null;
        foreach (var estimate in estimates)
        {
            if (estimate is not null && (best is null || Rank(estimate.Method) < Rank(best.Method)))
            {
                best = estimate;
            }
        }

        return best;
    }

    private static int Rank(string? method) => method switch
    {
        AvSyncMethods.TestPattern => 0,
        AvSyncMethods.Reference => 1,
        AvSyncMethods.LipSync => 2,
        _ => 3, // content, timestamps, silence, none: one detector's own order
    };
}
