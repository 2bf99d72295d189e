using System.Globalization;

namespace VideoDefects.Cli;

/// <summary>A parsed command line: the command, its positional arguments and its <c>--options</c>.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options;
    private readonly HashSet<string> _flags;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandLine(string? command, List<string> positional, Dictionary<string, List<string>> options, HashSet<string> flags)
    {
        Command = command;
        Positional = positional;
        _options = options;
        _flags = flags;
    }

    public string? Command { get; }

    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses <paramref name="args"/>; options named in <paramref name="flagNames"/> take no value.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flagNames)
    {
        string? command = null;
        var positional = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                string? value = null;
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }

                if (flagNames.Contains(name) && value is null)
                {
                    flags.Add(name);
                    continue;
                }

                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"Option --{name} needs a value.");
                    }

                    value = args[++i];
                }

                if (!options.TryGetValue(name, out var list))
                {
                    options[name] = list = [];
                }

                list.Add(value);
            }
            else if (arg is "-h" or "-q" or "-v")
            {
                flags.Add(arg switch { "-h" => "help", "-q" => "quiet", _ => "verbose" });
            }
            else if (command is null && positional.Count == 0 && !arg.StartsWith('-'))
            {
                command = arg;
            }
            else
            {
                positional.Add(arg);
            }
        }

        return new CommandLine(command, positional, options, flags);
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _flags.Contains(name);
    }

    public string? Value(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var list) ? list[^1] : null;
    }

    public IReadOnlyList<string> Values(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var list) ? list : [];
    }

    public double? Number(string name)
    {
        var text = Value(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new UsageException($"--{name} takes a number, not '{text}'.");
    }

    /// <summary>Throws for options nobody asked for (typos should not pass silently).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Concat(_flags).FirstOrDefault(k => !_used.Contains(k));
        if (unknown is not null)
        {
            throw new UsageException($"Unknown option --{unknown}. See 'videodefects --help'.");
        }
    }
}

/// <summary>A mistake in the command line (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
