namespace DataStoryBot.Core.Csv;

/// <summary>
/// Where <see cref="UploadValidator"/> sends the bytes while it validates them: the original as read, and the UTF-8
/// data copy the engines read. Both methods copy what they are given before they return (the validator reuses its
/// buffers), and may wait (back-pressure) while earlier bytes are still being stored.
/// </summary>
public interface IUploadSink
{
    /// <summary>The next bytes of the upload exactly as received (BOM included).</summary>
    ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>
    /// The next bytes of the UTF-8 (no BOM) data copy. <paramref name="sameAsOriginal"/> is true while the data copy,
    /// up to and including these bytes, is byte for byte the original's prefix (a UTF-8 file without BOM, nothing
    /// replaced, nothing removed); once false it stays false for the rest of the upload.
    /// </summary>
    ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken);
}

/// <summary>Writes the data copy, whole, to a stream; ignores the original. What the stream overload of the validator uses.</summary>
internal sealed class StreamDataSink(Stream output) : IUploadSink
{
    public ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken) =>
        output.WriteAsync(utf8, cancellationToken);
}
