namespace VideoDefects.IntegrationTests.Support;

/// <summary>Where the repository and the read-only shared material (<c>../shared</c> beside it) are.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The shared folder; its absence is a broken checkout, so this throws rather than skipping tests.</summary>
    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(shared)
                ? shared
                : throw new DirectoryNotFoundException($"The shared material is expected at {shared} (beside the repository).");
        }
    }

    public static string Media => Path.Combine(Shared, "media");

    public static string Schema => Path.Combine(Shared, "contracts", "report.schema.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VideoDefects.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("VideoDefects.sln not found above the test binaries.");
    }
}
