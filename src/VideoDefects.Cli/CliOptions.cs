using System.CommandLine;
using System.Globalization;

namespace VideoDefects.Cli;

/// <summary>Options several commands share, and typed numbers whose mistakes are parse errors (exit code 2).</summary>
internal static class CliOptions
{
    /// <summary><c>-q, --quiet</c>: no summary.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No summary." };

    /// <summary><c>--trusted-input</c>: lifts the input policy.</summary>
    public static Option<bool> TrustedInput() =>
        new("--trusted-input") { Description = "Lift the input policy (protocol/playlist restrictions)." };

    /// <summary>A number read with the invariant culture (a comma never means a decimal point here); finite, and
    /// accepted by <paramref name="isValid"/>, whose <paramref name="rule"/> names what is allowed.</summary>
    public static Option<double?> Number(string name, string helpName, string description, Func<double, bool> isValid, string rule) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                result.AddError($"{name} takes a number, not '{text}'.");
                return null;
            }

            if (!isValid(value))
            {
                result.AddError($"{name} {rule}, not {text}.");
                return null;
            }

            return value;
        },
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> WholeNumber(string name, string helpName, string description, int min, int max) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'.");
            return null;
        },
    };
}
