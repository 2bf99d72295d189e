using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans;

/// <summary>Analyses a long file by splitting it over the cluster and stitching the results.</summary>
[Alias("videodefects.IVideoAnalysisGrain")]
public interface IVideoAnalysisGrain : IGrainWithStringKey
{
    /// <summary>Analyses <paramref name="request"/>'s source; the report equals a single-process analysis.</summary>
    [Alias("analyze")]
    Task<AnalysisReport> AnalyzeAsync(FanOutRequest request);
}
