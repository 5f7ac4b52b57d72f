using System.Text;

namespace DataStoryBot.Core.Workbooks;

/// <summary>
/// A workbook's shared string table, held compactly (one character buffer and one end offset per item, not a string
/// object per item) and charged to the upload's memory budget as its buffers grow: 100 million empty items cost
/// 4 bytes each here and are refused at <see cref="WorkbookLimits.MaxSharedStrings"/>, long before they could fill memory.
/// </summary>
internal sealed class SharedStrings
{
    char[] chars = new char[4096];
    int[] ends = new int[1024];
    int length;

    public int Count { get; private set; }

    /// <summary>Reads <c>xl/sharedStrings.xml</c> item by item (rich text runs joined, phonetic guides left out).</summary>
    public static SharedStrings Read(DocumentFormat.OpenXml.Packaging.SharedStringTablePart? part, WorkbookXml xml)
    {
        var table = new SharedStrings();
        xml.Charge(table.chars.Length * 2L + table.ends.Length * 4L, "the shared strings");
        if (part is null)
        {
            return table;
        }

        const string What = "xl/sharedStrings.xml (the shared strings)";
        using var reader = xml.Open(part, What, heldInMemory: false);
        var text = new StringBuilder();
        long itemChars = 0;
        bool inItem = false, inText = false, phonetic = false;
        int itemDepth = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case System.Xml.XmlNodeType.Element:
                    switch (reader.Name)
                    {
                        case "si":
                            if (inItem)
                            {
                                table.Add(text, itemChars, xml); // an item never closed: the next one starts
                            }

                            inItem = true;
                            itemDepth = reader.Depth;
                            text.Clear();
                            itemChars = 0;
                            if (reader.IsEmptyElement)
                            {
                                table.Add(text, 0, xml);
                                inItem = false;
                            }

                            break;
                        case "rPh":
                            phonetic = !reader.IsEmptyElement;
                            break;
                        case "t":
                            inText = inItem && !phonetic && !reader.IsEmptyElement;
                            break;
                    }

                    break;
                case System.Xml.XmlNodeType.EndElement:
                    switch (reader.Name)
                    {
                        case "rPh":
                            phonetic = false;
                            break;
                        case "t":
                            inText = false;
                            break;
                        case "si" when inItem && reader.Depth == itemDepth:
                            table.Add(text, itemChars, xml);
                            inItem = false;
                            break;
                    }

                    break;
                default:
                    if (inText && reader.IsText)
                    {
                        itemChars += reader.AppendText(text, WorkbookLimits.MaxCellChars + 1);
                    }

                    break;
            }
        }

        if (inItem)
        {
            table.Add(text, itemChars, xml);
        }

        return table;
    }

    void Add(StringBuilder text, long itemChars, WorkbookXml xml)
    {
        if (itemChars > WorkbookLimits.MaxCellChars)
        {
            throw new WorkbookRejectedException(WorkbookRejections.CellTooLong(
                $"Shared string {Count + 1:N0} (in xl/sharedStrings.xml)", itemChars), []);
        }

        if (Count >= xml.Limits.MaxSharedStrings)
        {
            throw new WorkbookRejectedException(WorkbookRejections.TooComplex(
                $"Its shared string table holds more than {xml.Limits.MaxSharedStrings:N0} items, more than the cells of any sheet accepted here can use."), []);
        }

        if (length + text.Length > chars.Length)
        {
            int size = (int)Math.Min(Array.MaxLength, Math.Max((long)chars.Length * 2, length + (long)text.Length));
            xml.Charge(2L * (size - chars.Length), "the shared strings");
            Array.Resize(ref chars, size);
        }

        if (Count == ends.Length)
        {
            int size = (int)Math.Min(Array.MaxLength, ends.Length * 2L);
            xml.Charge(4L * (size - ends.Length), "the shared strings");
            Array.Resize(ref ends, size);
        }

        text.CopyTo(0, chars.AsSpan(length), text.Length);
        length += text.Length;
        ends[Count++] = length;
    }

    /// <summary>Item <paramref name="index"/>, or null when it is empty or there is no such item.</summary>
    public string? Get(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            return null;
        }

        int start = index == 0 ? 0 : ends[index - 1];
        int end = ends[index];
        return end == start ? null : new string(chars, start, end - start);
    }
}
