using FsCheck;
using FsCheck.Xunit;
using VideoDefects.FFmpeg.Live;

namespace VideoDefects.IntegrationTests.FFmpeg;

/// <summary>The live runner's back-off: grows by its factor up to its cap, and jitter stays within its share.</summary>
public class ReconnectPolicyTests
{
    [Property(MaxTest = 300)]
    public bool Delays_grow_to_the_cap_and_jitter_stays_within_its_share(PositiveInt initialMs, PositiveInt capFactor, NormalFloat draw, byte jitterPercent)
    {
        var policy = new ReconnectPolicy
        {
            InitialDelay = TimeSpan.FromMilliseconds(initialMs.Get % 5000),
            MaxDelay = TimeSpan.FromMilliseconds((initialMs.Get % 5000) * ((capFactor.Get % 20) + 1)),
            Multiplier = 1.5,
            Jitter = (jitterPercent % 100) / 100.0,
        };
        policy.Validate();
        var unit = Math.Abs(draw.Get) % 1;
        var nominal = policy.InitialDelay;
        for (var i = 0; i < 30; i++)
        {
            var jittered = policy.Jittered(nominal, unit);
            var share = policy.Jitter * nominal.Ticks;
            if (jittered.Ticks < nominal.Ticks - share - 1 || jittered.Ticks > nominal.Ticks + share + 1)
            {
                return false;
            }

            var next = policy.Next(nominal);
            if (next > policy.MaxDelay || next < nominal)
            {
                return false;
            }

            nominal = next;
        }

        return nominal == policy.MaxDelay || policy.InitialDelay == TimeSpan.Zero;
    }

    [Theory]
    [InlineData(-1, 10, 2, 0.2)]
    [InlineData(1, 0.5, 2, 0.2)]
    [InlineData(1, 10, 0.5, 0.2)]
    [InlineData(1, 10, 2, 1)]
    public void A_policy_that_cannot_work_is_refused(double initial, double max, double multiplier, double jitter) =>
        Assert.Throws<ArgumentException>(() => new ReconnectPolicy
        {
            InitialDelay = TimeSpan.FromSeconds(initial),
            MaxDelay = TimeSpan.FromSeconds(max),
            Multiplier = multiplier,
            Jitter = jitter,
        }.Validate());
}
