using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors.Corruption;

namespace VideoDefects.Tests.Detectors;

public class BlockSeamsTests
{
    [Property(MaxTest = 100)]
    public bool New_seams_made_where_blocks_were_replaced_are_told_apart_from_new_seams_everywhere(PositiveInt across, PositiveInt down, NonEmptyArray<PositiveInt> picks)
    {
        // A grid of at least 6 blocks; a few of them (at most a sixth) replaced: their seams are new exactly where the
        // blocks changed as wholes, far more often than chance.
        var (columns, rows) = (3 + (across.Get % 28), 2 + (down.Get % 19));
        var blocks = columns * rows;
        var replaced = picks.Get.Select(p => p.Get % blocks).Distinct().Take(Math.Max(1, blocks / 6)).ToHashSet();
        var changed = Enumerable.Range(0, blocks).Select(replaced.Contains).ToArray();
        var seams = SeamsAfter(columns, rows, i => replaced.Contains(i));
        var onReplaced = seams.NewSeamsOnReplacedBlocks(changed);

        // The same changes, but new seams on every block (a source turning blocky): no better than chance.
        var everywhere = SeamsAfter(columns, rows, _ => true).NewSeamsOnReplacedBlocks(changed);

        // No block changed as a whole: nothing was replaced.
        var unchanged = seams.NewSeamsOnReplacedBlocks(new bool[blocks]);
        return onReplaced && !everywhere && !unchanged;
    }

    [Fact]
    public void The_changes_must_cover_the_same_grid()
    {
        var seams = SeamsAfter(4, 3, _ => true);
        Assert.Throws<ArgumentException>(() => seams.NewSeamsOnReplacedBlocks(new bool[11]));
    }

    /// <summary>Seams measured on three frames without any, then on a frame with seams where <paramref name="seam"/>
    /// says: those are new.</summary>
    private static BlockSeams SeamsAfter(int columns, int rows, Func<int, bool> seam)
    {
        var seams = new BlockSeams();
        seams.Start(16 * columns, 16 * rows);
        var none = new int[columns * rows];
        for (var i = 0; i < 3; i++)
        {
            seams.Measure(none);
        }

        seams.Measure(Enumerable.Range(0, columns * rows).Select(i => seam(i) ? 1000 : 0).ToArray());
        Assert.Equal(Enumerable.Range(0, columns * rows).Count(seam), seams.Fresh);
        return seams;
    }
}
