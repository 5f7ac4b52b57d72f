using System.IO.Packaging;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Workbooks;

/// <summary>
/// The inflated bytes one upload may read from its workbook's archive, all parts together: the workbook, its
/// relationships, the styles, the shared strings and every worksheet read or measured. The directory check
/// (<see cref="WorkbookReader.CheckArchive"/>) adds up the sizes the archive declares, each entry once (.NET's ZIP reader
/// stops an entry at its declared size); this counts the bytes actually read, so a part read more than once (several
/// sheets that point at one large part, each read in turn) cannot add up past the bound.
/// </summary>
internal sealed class InflationBudget(long maxBytes)
{
    long used;

    public long MaxBytes => maxBytes;

    public long Used => used;

    public void Take(int bytes)
    {
        used += bytes;
        if (used > maxBytes)
        {
            throw new WorkbookRejectedException(WorkbookRejections.UnsafeArchive(
                $"Reading its parts inflated more than {UploadRejections.Megabytes(maxBytes)}, " +
                "more than any workbook accepted here can hold (a ZIP bomb, or parts read over and over, looks like this)."), []);
        }
    }
}

/// <summary>
/// A read-only <see cref="Package"/> over another whose part streams count what they inflate against one
/// <see cref="InflationBudget"/>; the Open XML SDK reads every part, relationships included, through it.
/// </summary>
internal sealed class BudgetedPackage : Package
{
    readonly Package inner;
    readonly InflationBudget budget;

    public BudgetedPackage(Package inner, InflationBudget budget)
        : base(FileAccess.Read)
    {
        this.inner = inner;
        this.budget = budget;
    }

    // Package.PartExists answers from the parts already fetched; ask the archive instead.
    public override bool PartExists(Uri partUri) => inner.PartExists(partUri);

    protected override PackagePart? GetPartCore(Uri partUri) =>
        inner.PartExists(partUri) ? new BudgetedPart(this, inner.GetPart(partUri), budget) : null;

    protected override PackagePart[] GetPartsCore() => [.. inner.GetParts().Select(p => new BudgetedPart(this, p, budget))];

    protected override PackagePart CreatePartCore(Uri partUri, string contentType, CompressionOption compressionOption) =>
        throw new NotSupportedException("The workbook is opened to read.");

    protected override void DeletePartCore(Uri partUri) => throw new NotSupportedException("The workbook is opened to read.");

    protected override void FlushCore()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Close();
        }

        base.Dispose(disposing);
    }

    sealed class BudgetedPart(Package package, PackagePart inner, InflationBudget budget)
        : PackagePart(package, inner.Uri, inner.ContentType, inner.CompressionOption)
    {
        protected override Stream GetStreamCore(FileMode mode, FileAccess access) =>
            new BudgetedStream(inner.GetStream(FileMode.Open, FileAccess.Read), budget);
    }

    sealed class BudgetedStream(Stream inner, InflationBudget budget) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        // The SDK asks a part stream for its length (the size the archive declares) before reading it.
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            budget.Take(n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
