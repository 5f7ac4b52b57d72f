using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace DataStoryBot.Core.Workbooks;

/// <summary>
/// The one place a workbook's XML is read: every part (workbook, styles, shared strings, worksheets) is opened here as
/// a forward-only <see cref="XmlReader"/> (never a DOM, which recurses per nesting level) and read under one budget for
/// the whole upload: nesting depth, elements in all parts together, elements in a part that is held in memory
/// (<see cref="WorkbookLimits.MaxPartElements"/>), and the memory the reading keeps (shared strings, styles, merged
/// ranges, sheet names: <see cref="Charge"/>). The inflated bytes are counted by <see cref="BudgetedPackage"/> under it.
/// Cancellation is checked every few thousand elements, so every loop over a part honours the upload's time budget.
/// </summary>
internal sealed class WorkbookXml(WorkbookLimits limits, CancellationToken cancellationToken)
{
    const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string StrictMainNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const string StrictRelationshipsNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    long elements;
    long memory;

    public WorkbookLimits Limits => limits;

    public CancellationToken Cancellation => cancellationToken;

    public long Elements => elements;

    public long Memory => memory;

    /// <summary>Counts <paramref name="bytes"/> of memory the reading keeps against the upload's budget.</summary>
    /// <param name="what">What holds it, for the refusal: "the shared strings", "the merged ranges"…</param>
    public void Charge(long bytes, string what)
    {
        memory += bytes;
        if (memory > limits.MaxMemoryBytes)
        {
            throw new WorkbookRejectedException(WorkbookRejections.TooComplex(
                $"Reading it would need more than {Csv.UploadRejections.Megabytes(limits.MaxMemoryBytes)} of memory ({what} alone hold too much)."), []);
        }
    }

    /// <summary>Opens <paramref name="part"/> to read; <paramref name="heldInMemory"/> parts are also held to <see cref="WorkbookLimits.MaxPartElements"/>.</summary>
    public Reader Open(OpenXmlPart part, string what, bool heldInMemory)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = limits.MaxUncompressedBytes,
            CloseInput = true,
        };
        var xml = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), settings);
        return new Reader(this, xml, what, heldInMemory ? limits.MaxPartElements : long.MaxValue);
    }

    /// <summary>A budgeted, forward-only reader over one part; element and namespace names compare as atomized strings.</summary>
    internal sealed class Reader : IDisposable
    {
        readonly WorkbookXml owner;
        readonly XmlReader xml;
        readonly string what;
        readonly long maxPartElements;
        readonly string main, strictMain;
        readonly char[] chunk = new char[4096];
        long partElements;

        public Reader(WorkbookXml owner, XmlReader xml, string what, long maxPartElements)
        {
            this.owner = owner;
            this.xml = xml;
            this.what = what;
            this.maxPartElements = maxPartElements;
            main = xml.NameTable.Add(MainNs);
            strictMain = xml.NameTable.Add(StrictMainNs);
        }

        public XmlNodeType NodeType => xml.NodeType;

        public bool IsEmptyElement => xml.IsEmptyElement;

        public int Depth => xml.Depth;

        public string Value => xml.Value;

        /// <summary>The element's local name when it is in the SpreadsheetML namespace (transitional or strict), else null.</summary>
        public string? Name
        {
            get
            {
                string ns = xml.NamespaceURI;
                return ReferenceEquals(ns, main) || ReferenceEquals(ns, strictMain) ? xml.LocalName : null;
            }
        }

        /// <summary>True for text inside an element (text, CDATA or white space).</summary>
        public bool IsText => xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace;

        /// <summary>
        /// Appends the text node's characters to <paramref name="target"/> in chunks, never more than
        /// <paramref name="maxChars"/> in it (a huge text node is never held whole); returns how many characters it has.
        /// </summary>
        public long AppendText(System.Text.StringBuilder target, int maxChars)
        {
            if (xml.NodeType is XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                string space = xml.Value;
                target.Append(space.AsSpan(0, Math.Max(0, Math.Min(space.Length, maxChars - target.Length))));
                return space.Length;
            }

            long total = 0;
            int n;
            while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                total += n;
                int room = maxChars - target.Length;
                if (room > 0)
                {
                    target.Append(chunk, 0, Math.Min(n, room));
                }
            }

            return total;
        }

        public string? Attribute(string localName) => xml.GetAttribute(localName);

        /// <summary>The <c>r:id</c> attribute (transitional or strict relationships namespace).</summary>
        public string? RelationshipId() => xml.GetAttribute("id", RelationshipsNs) ?? xml.GetAttribute("id", StrictRelationshipsNs);

        /// <summary>Moves to the next node; refuses the workbook when the depth or an element count passes its bound.</summary>
        public bool Read()
        {
            if (!xml.Read())
            {
                return false;
            }

            if (xml.NodeType == XmlNodeType.Element)
            {
                if (xml.Depth >= owner.Limits.MaxXmlDepth)
                {
                    throw new WorkbookRejectedException(WorkbookRejections.TooComplex(
                        $"Its part {what} nests elements more than {owner.Limits.MaxXmlDepth:N0} levels deep; a workbook Excel writes nests a dozen at most."), []);
                }

                if (++partElements > maxPartElements)
                {
                    throw new WorkbookRejectedException(WorkbookRejections.TooComplex(
                        $"Its part {what} holds more than {maxPartElements:N0} XML elements; a workbook Excel writes holds far fewer there."), []);
                }

                if (++owner.elements > owner.Limits.MaxXmlElements)
                {
                    throw new WorkbookRejectedException(WorkbookRejections.TooComplex(
                        $"Its parts hold more than {owner.Limits.MaxXmlElements:N0} XML elements in all, more than any workbook accepted here needs."), []);
                }

                if ((owner.elements & 0x3FFF) == 0)
                {
                    owner.Cancellation.ThrowIfCancellationRequested();
                }
            }

            return true;
        }

        public void Dispose() => xml.Dispose();
    }
}
