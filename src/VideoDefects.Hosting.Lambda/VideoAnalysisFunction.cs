using System.Text;
using System.Text.Json;
using Amazon.S3;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.Hosting.Lambda.Requests;
using VideoDefects.Hosting.Lambda.Runtime;
using VideoDefects.Hosting.Lambda.Storage;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Lambda;

/// <summary>
/// The function's handler, a plain class: usable and testable without Lambda. A direct request
/// (<c>{"source": "s3://…"}</c>) returns the report; an S3 <c>ObjectCreated</c> notification writes each object's
/// report next to <see cref="VideoAnalysisFunctionOptions.Output"/> and returns a summary. With a stream key the
/// previous segment's checkpoint is loaded and the new one saved, so an event crossing segments is one event.
/// </summary>
/// <param name="options">Output location, allow-lists, deadline margin.</param>
/// <param name="s3">The S3 client (honours <c>AWS_REGION</c>, credentials and <c>AWS_ENDPOINT_URL_S3</c> when
/// made by <see cref="LambdaFunction"/>).</param>
/// <param name="time">The clock the deadline is measured on.</param>
public sealed class VideoAnalysisFunction(VideoAnalysisFunctionOptions options, IAmazonS3 s3, TimeProvider? time = null)
{
    private const string ReportSuffix = ".report.json";
    private readonly S3Store _store = new(s3);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private DetectorSettings? _defaultSettings; // VIDEODEFECTS_DETECTOR_OPTIONS, read once it reads (a mistake is each invocation's InvalidInput)

    /// <summary>Handles one event.</summary>
    /// <param name="eventJson">The event as received.</param>
    /// <param name="deadline">When the invocation is stopped; analysis ends <see cref="VideoAnalysisFunctionOptions.DeadlineMargin"/>
    /// before it with a partial report. <see cref="DateTimeOffset.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">Stops everything (the host is shutting down).</param>
    /// <returns>The response JSON: a schema report (direct request) or a summary.</returns>
    /// <exception cref="FunctionException">The event or its source cannot be used, or the source could not be
    /// analysed (<see cref="FunctionException.ErrorType"/> <c>VideoDefects.&lt;MediaException type&gt;</c>).</exception>
    public async Task<string> HandleAsync(string eventJson, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        var request = InvocationEvent.Parse(eventJson);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline != DateTimeOffset.MaxValue)
        {
            var left = deadline - _time.GetUtcNow() - options.DeadlineMargin;
            budget.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        return request switch
        {
            DirectAnalysis direct => await DirectAsync(direct, budget.Token, cancellationToken).ConfigureAwait(false),
            ObjectsCreated created => await ObjectsAsync(created, budget.Token, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException(request.GetType().Name),
        };
    }

    private async Task<string> DirectAsync(DirectAnalysis request, CancellationToken budget, CancellationToken stopping)
    {
        var report = await AnalyzeAsync(request.Source, request.StreamKey, request.EndOfStream, request.Detectors, budget, stopping, request.Reference, request.DetectorOptions).ConfigureAwait(false);
        var json = ReportJson.Serialize(report);
        if (Encoding.UTF8.GetByteCount(json) <= options.MaxResponseBytes)
        {
            return json;
        }

        // Too big for Lambda's response: keep the whole report in S3 when there is somewhere to put it, answer a summary.
        string? location = null;
        if (options.Output is { } output)
        {
            var target = output with { Key = $"{output.Key}reports/{SafeName(request.Source)}-{_time.GetUtcNow():yyyyMMddTHHmmssfff}{ReportSuffix}" };
            await _store.PutAsync(target, json, stopping).ConfigureAwait(false);
            location = target.ToString();
        }

        return JsonSerializer.Serialize(Summarise(report, location), LambdaJsonContext.Default.AnalysisSummary);
    }

    private async Task<string> ObjectsAsync(ObjectsCreated created, CancellationToken budget, CancellationToken stopping)
    {
        var output = options.Output ?? throw new FunctionException(FunctionException.InvalidInput, "S3 notifications need VIDEODEFECTS_OUTPUT (s3://bucket/prefix/) for the reports.");
        var summaries = new List<AnalysisSummary>();
        foreach (var item in created.Objects)
        {
            var source = item.ToString();
            if (item.Key.EndsWith(ReportSuffix, StringComparison.Ordinal) || (item.Bucket == output.Bucket && item.Key.StartsWith(output.Key, StringComparison.Ordinal)))
            {
                continue; // Our own output: analysing it would trigger us again, forever.
            }

            if (budget.IsCancellationRequested)
            {
                summaries.Add(Failed(source, "VideoDefects.DeadlineExceeded", "not analysed: the invocation's deadline came first."));
                continue;
            }

            try
            {
                var streamKey = options.StreamKeyFromPrefix ? Path.GetDirectoryName(item.Key)?.Replace('\\', '/') : null;
                var report = await AnalyzeAsync(source, string.IsNullOrEmpty(streamKey) ? null : streamKey, false, null, budget, stopping).ConfigureAwait(false);
                var target = output with { Key = output.Key + item.Key + ReportSuffix };
                await _store.PutAsync(target, ReportJson.Serialize(report), stopping).ConfigureAwait(false);
                summaries.Add(Summarise(report, target.ToString()));
            }
            catch (FunctionException e)
            {
                // One bad object must not cost the others their reports.
                summaries.Add(Failed(source, e.ErrorType, e.Message));
            }
        }

        return JsonSerializer.Serialize(new BatchSummary(summaries), LambdaJsonContext.Default.BatchSummary);
    }

    private async Task<AnalysisReport> AnalyzeAsync(
        string source, string? streamKey, bool endOfStream, IReadOnlyList<string>? detectorNames, CancellationToken budget, CancellationToken stopping, string? reference = null, string? detectorOptions = null)
    {
        var name = InputName.Redact(source);
        var checkpointAt = streamKey is null ? null : CheckpointLocation(streamKey);
        var names = detectorNames ?? options.Detectors;
        var registry = options.Registry;
        DetectorSet detectors;
        DetectorSettings settings;
        try
        {
            settings = registry.ParseSettings(detectorOptions, _defaultSettings ??= registry.ParseSettings(options.DetectorOptions));
            detectors = registry.Create(names, settings);
        }
        catch (ArgumentException e)
        {
            throw new FunctionException(FunctionException.InvalidInput, e.Message, e);
        }

        var download = Allow(source);
        string? downloaded = null;
        try
        {
            if (reference is not null)
            {
                var signature = await ReferenceAsync(reference, budget, stopping).ConfigureAwait(false);
                detectors.Dispose();
                detectors = registry.Create(names, settings with { AvSync = settings.AvSync with { Reference = signature } });
            }

            var input = source;
            if (download is not null)
            {
                input = downloaded = Path.Combine(options.WorkFolder, $"videodefects-{Guid.NewGuid():N}{Path.GetExtension(download.Key)}");
                await Budgeted(() => _store.DownloadAsync(download, input, options.MaxObjectBytes, budget), name, budget, stopping).ConfigureAwait(false);
            }

            using var pipeline = new AnalysisPipeline(detectors);
            await using var media = new FFmpegSource(input, new FFmpegSourceOptions
            {
                Limits = options.Limits,
                DecodeAudio = detectors.Any(d => d.WantsAudio),
                BinaryFolder = options.FFmpegFolder,
                Name = name,
            });
            pipeline.Configure(media);
            var info = await Budgeted(() => media.OpenAsync(budget).AsTask(), name, budget, stopping).ConfigureAwait(false);
            pipeline.Start(info);
            if (checkpointAt is not null && await _store.GetOrNullAsync(checkpointAt, stopping).ConfigureAwait(false) is { } saved)
            {
                Restore(pipeline, saved, streamKey!);
            }

            var partial = false;
            try
            {
                await pipeline.ProcessAsync(media, budget).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                partial = true; // the deadline: report how far we got instead of being killed
            }

            var continues = checkpointAt is not null && !endOfStream;
            var report = continues ? pipeline.GetReport(partial) : pipeline.Complete(partial);
            if (continues)
            {
                await _store.PutAsync(checkpointAt!, pipeline.SaveCheckpoint().ToBytes(), "application/octet-stream", stopping).ConfigureAwait(false);
            }

            return report;
        }
        catch (MediaException e)
        {
            throw new FunctionException($"VideoDefects.{e.GetType().Name}", e.Message, e);
        }
        finally
        {
            detectors.Dispose();
            if (downloaded is not null)
            {
                TryDelete(downloaded);
            }
        }
    }

    /// <summary>The reference's sync signature: the object fetched under the same allow-lists and size limit as a
    /// source, then read (a saved signature) or decoded.</summary>
    private async Task<SyncSignature> ReferenceAsync(string reference, CancellationToken budget, CancellationToken stopping)
    {
        var name = InputName.Redact(reference);
        var download = Allow(reference);
        var local = download is null ? reference : Path.Combine(options.WorkFolder, $"videodefects-ref-{Guid.NewGuid():N}{Path.GetExtension(download.Key)}");
        try
        {
            if (download is not null)
            {
                await Budgeted(() => _store.DownloadAsync(download, local, options.MaxObjectBytes, budget), name, budget, stopping).ConfigureAwait(false);
            }

            var decoding = new FFmpegSourceOptions { Limits = options.Limits, BinaryFolder = options.FFmpegFolder, Name = name };
            return await Budgeted(() => ReferenceSignature.LoadAsync(local, decoding, cancellationToken: budget), name, budget, stopping).ConfigureAwait(false);
        }
        finally
        {
            if (download is not null)
            {
                TryDelete(local);
            }
        }
    }

    /// <summary>Checks the source against the allow-lists; returns the S3 object to download, or null for https.</summary>
    private S3Location? Allow(string source)
    {
        if (S3Location.TryParse(source, out var s3Location))
        {
            if (options.AllowedBuckets.Count > 0 && !options.AllowedBuckets.Contains(s3Location!.Bucket))
            {
                throw new FunctionException(FunctionException.InvalidInput, $"{source}: bucket '{s3Location.Bucket}' is not in VIDEODEFECTS_ALLOWED_BUCKETS.");
            }

            return s3Location;
        }

        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            if (!options.AllowedHosts.Contains("*") && !options.AllowedHosts.Contains(uri.Host))
            {
                throw new FunctionException(FunctionException.InvalidInput, $"{InputName.Redact(source)}: host '{uri.Host}' is not in VIDEODEFECTS_ALLOWED_HOSTS.");
            }

            return null;
        }

        throw new FunctionException(FunctionException.InvalidInput, $"{InputName.Redact(source)}: only s3:// and https:// sources are accepted.");
    }

    private static void Restore(AnalysisPipeline pipeline, byte[] saved, string streamKey)
    {
        try
        {
            pipeline.RestoreCheckpoint(PipelineCheckpoint.FromBytes(saved));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new FunctionException(FunctionException.InvalidInput, $"The checkpoint of stream '{streamKey}' does not fit this request: {e.Message}", e);
        }
    }

    private S3Location CheckpointLocation(string streamKey)
    {
        var output = options.Output ?? throw new FunctionException(FunctionException.InvalidInput, "A stream key needs VIDEODEFECTS_OUTPUT (s3://bucket/prefix/) for its checkpoints.");
        return output with { Key = $"{output.Key}checkpoints/{SafeName(streamKey)}.vdcp" };
    }

    /// <summary>Runs a step that may not finish before the deadline; one that does not is a typed failure (there is
    /// nothing to report yet).</summary>
    private static async Task<T> Budgeted<T>(Func<Task<T>> step, string name, CancellationToken budget, CancellationToken stopping)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            throw new FunctionException("VideoDefects.DeadlineExceeded", $"{name}: the invocation's deadline came before the input could be opened.");
        }
    }

    private static Task<bool> Budgeted(Func<Task> step, string name, CancellationToken budget, CancellationToken stopping) =>
        Budgeted(async () => { await step().ConfigureAwait(false); return true; }, name, budget, stopping);

    private static AnalysisSummary Summarise(AnalysisReport report, string? location) => new(
        report.Source,
        report.Partial,
        report.DurationSeconds,
        report.Video.Frames,
        report.Events.GroupBy(e => e.Kind.ContractName()).ToDictionary(g => g.Key, g => g.Count()),
        location,
        null);

    private static AnalysisSummary Failed(string source, string type, string message) =>
        new(InputName.Redact(source), false, 0, 0, null, null, new SummaryError(type, message));

    /// <summary>A key-safe name: letters, digits, '-', '_', '.', '/' kept; anything else becomes '_'.</summary>
    private static string SafeName(string value)
    {
        var chars = value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' ? c : '_').ToArray();
        var name = new string(chars).Replace("..", "__", StringComparison.Ordinal);
        // No empty path segments ("s3://b/k" gave "s3_//b/k"): consoles show them as nameless folders and some
        // S3-compatible stores refuse them.
        while (name.Contains("//", StringComparison.Ordinal))
        {
            name = name.Replace("//", "/", StringComparison.Ordinal);
        }

        return name.Trim('/');
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // /tmp is per environment and cleared with it; a leftover costs space, not correctness.
        }
    }
}
