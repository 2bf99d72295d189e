using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.Pipeline;

await using var source = new FFmpegSource(args[0]);                 // a file or a live URL
using var detectors = DetectorRegistry.Default.Create(null);        // every detector on by default
var pipeline = new AnalysisPipeline(detectors);
var report = await pipeline.RunAsync(source);
foreach (var e in report.Events)
    Console.WriteLine($"{e.Kind} {e.Start:0.00}-{e.End:0.00}s confidence {e.Confidence:0.00}");
Console.WriteLine($"A/V offset: {report.AvSync?.AudioDelayMs?.ToString() ?? "no estimate"} ms");
