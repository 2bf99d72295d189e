using Microsoft.Extensions.Options;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Detectors.Registry;
using VideoDefects.Hosting.Worker.Configuration;

namespace VideoDefects.Hosting.Worker;

/// <summary>Checks the monitoring options at start-up, so a typo fails the host immediately with a clear message.</summary>
internal sealed class VideoDefectMonitoringOptionsValidator(DetectorRegistry registry) : IValidateOptions<VideoDefectMonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, VideoDefectMonitoringOptions options)
    {
        var errors = new List<string>();
        if (options.Streams.Count == 0)
        {
            errors.Add("VideoDefects:Streams needs at least one stream (Name and Source).");
        }

        foreach (var (stream, i) in options.Streams.Select((s, i) => (s, i)))
        {
            var at = $"VideoDefects:Streams:{i}";
            if (string.IsNullOrWhiteSpace(stream.Name))
            {
                errors.Add($"{at}:Name is required.");
            }

            if (string.IsNullOrWhiteSpace(stream.Source))
            {
                errors.Add($"{at}:Source is required.");
            }

            if (registry.FirstUnknown(stream.Detectors) is { } unknown)
            {
                errors.Add($"{at}:Detectors has unknown '{unknown}' (available: {string.Join(", ", registry.Names)}).");
            }

            var before = errors.Count;
            foreach (var region in stream.IgnoreRegions)
            {
                try
                {
                    PixelRegion.Parse(region);
                }
                catch (FormatException e)
                {
                    errors.Add($"{at}:IgnoreRegions: {e.Message}");
                }
            }

            if (!string.IsNullOrEmpty(stream.LoudnessProfile) && LoudnessProfile.Find(stream.LoudnessProfile) is null)
            {
                errors.Add($"{at}:LoudnessProfile is ebuR128 or atscA85, not '{stream.LoudnessProfile}'.");
            }
            else if (errors.Count == before) // the shortcuts read, the detectors' own options are checked
            {
                try
                {
                    _ = StreamDetectorSettings.For(stream, registry);
                }
                catch (InvalidDetectorOptionsException e)
                {
                    errors.Add($"{at}:DetectorOptions: {e.Message}");
                }
            }

            if (!string.IsNullOrWhiteSpace(stream.Reference))
            {
                if (stream.Detectors.Count > 0 && !stream.Detectors.Contains("avsync", StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"{at}:Reference is set but the avsync detector, which measures against it, is not.");
                }

                if (stream.ReferenceWindow < TimeSpan.FromSeconds(2) || stream.ReferenceWindow > TimeSpan.FromSeconds(30))
                {
                    errors.Add($"{at}:ReferenceWindow must be 2 s to 30 s.");
                }

                if (stream.ReferenceMaxOffset < TimeSpan.FromSeconds(1) || stream.ReferenceMaxOffset > TimeSpan.FromMinutes(1))
                {
                    errors.Add($"{at}:ReferenceMaxOffset must be 1 s to 1 min.");
                }
            }
        }

        var duplicate = options.Streams.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            errors.Add($"Stream name '{duplicate.Key}' is used twice; names must be unique.");
        }

        if (options.StallTimeout < TimeSpan.FromSeconds(1) || options.StallTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("VideoDefects:StallTimeout must be between 1 s and 10 min.");
        }

        var r = options.Reconnect;
        if (r.InitialDelay <= TimeSpan.Zero || r.MaxDelay < r.InitialDelay || !(r.Multiplier >= 1) || !(r.Jitter is >= 0 and < 1))
        {
            errors.Add("VideoDefects:Reconnect needs InitialDelay > 0, MaxDelay >= InitialDelay, Multiplier >= 1 and Jitter from 0 to below 1.");
        }

        if (options.Webhook.Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            errors.Add("VideoDefects:Webhook:Url must be an absolute http(s) URL.");
        }

        if (options.Webhook.MaxAttempts is < 1 or > 100)
        {
            errors.Add("VideoDefects:Webhook:MaxAttempts must be between 1 and 100.");
        }

        if (options.Webhook.RetryDelay <= TimeSpan.Zero || options.Webhook.RetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add("VideoDefects:Webhook:RetryDelay must be more than 0 and at most 1 min.");
        }

        if (options.Webhook.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.Webhook.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add("VideoDefects:Webhook:AttemptTimeout must be between 10 ms and 5 min.");
        }

        if (options.Webhook.DeliveryTimeout <= options.Webhook.AttemptTimeout || options.Webhook.DeliveryTimeout > TimeSpan.FromHours(1))
        {
            errors.Add("VideoDefects:Webhook:DeliveryTimeout must be longer than AttemptTimeout and at most 1 h.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
