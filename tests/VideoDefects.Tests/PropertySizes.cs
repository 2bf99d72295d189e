// FsCheck's default sizes keep generated numbers small (PositiveInt: median 6, max 31 over 150 cases, measured), so
// planes built from them never held more than one 16×16 block row or a single AVX-512 load of block sums: the vector
// loops went untested. Sizes up to 1000 give planes of up to ~200×100 pixels (median 74, max 329 per number).
[assembly: FsCheck.Xunit.Properties(EndSize = 1000)]
