using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace VideoDefects.Benchmarks;

/// <summary>The same code four times, differing only by which hardware intrinsics .NET may use: scalar (the
/// baseline), Vector128 (SSE), Vector256 (AVX2) and Vector512 (AVX-512). Short runs: frames are large and steady.</summary>
public sealed class SimdJobsConfig : ManualConfig
{
    public SimdJobsConfig()
    {
        var job = Job.Default.WithWarmupCount(3).WithIterationCount(8);
        AddJob(job.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").WithId("Scalar").AsBaseline());
        AddJob(job.WithEnvironmentVariable("DOTNET_EnableAVX2", "0").WithId("V128"));
        AddJob(job.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("V256"));
        AddJob(job.WithId("V512"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(RankColumn.Arabic);
        HideColumns(Column.EnvironmentVariables, Column.Error, Column.StdDev);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
