using System.Text.RegularExpressions;

namespace VideoDefects.Errors;

/// <summary>Makes an input safe to print: credentials in URLs (user info, signed-query secrets) are redacted.</summary>
public static partial class InputName
{
    /// <summary>Returns <paramref name="input"/> with <c>user:password@</c> and secret query values replaced by <c>***</c>.</summary>
    public static string Redact(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var redacted = UserInfo().Replace(input, "$1***@");
        return SecretQuery().Replace(redacted, "$1=***");
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/@?#]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"((?:[?&;])(?:[^=&#]*(?:signature|token|secret|password|passwd|key|credential|auth)[^=&#]*))=[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();
}
