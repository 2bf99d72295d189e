namespace VideoDefects.Analysis;

/// <summary>Names of the <see cref="DefectKind"/> values.</summary>
public static class DefectKindExtensions
{
    /// <summary>The kind's name in the report contract (<c>frozenFrame</c>, <c>blockCorruption</c>, …): the same
    /// text the JSON carries, for summaries, HTML and command lines.</summary>
    public static string ContractName(this DefectKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
