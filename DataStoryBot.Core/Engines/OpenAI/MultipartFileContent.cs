using System.ClientModel;
using System.Text;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// A <c>multipart/form-data</c> body with one <c>file</c> part, for the SDK's protocol-level
/// <c>UploadContainerFile(containerId, BinaryContent, contentType)</c>. The file is streamed from a seekable stream
/// (rewound on every write, so the retry policy can resend it) — a non-seekable source is buffered first.
/// </summary>
internal sealed class MultipartFileContent : BinaryContent
{
    private readonly Stream _file;
    private readonly long _fileStart;
    private readonly byte[] _head;
    private readonly byte[] _tail;

    private MultipartFileContent(Stream file, string fileName, string fileContentType, string boundary)
    {
        _file = file;
        _fileStart = file.Position;
        Boundary = boundary;
        var safeName = fileName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        _head = Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{safeName}\"\r\nContent-Type: {fileContentType}\r\n\r\n");
        _tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
    }

    public string Boundary { get; }

    /// <summary>The request's Content-Type header value, boundary included.</summary>
    public string ContentType => $"multipart/form-data; boundary={Boundary}";

    public static async Task<MultipartFileContent> CreateAsync(Stream file, string fileName, string fileContentType, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var source = file;
        if (!file.CanSeek)
        {
            var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct).ConfigureAwait(false);
            buffer.Position = 0;
            source = buffer;
        }

        return new MultipartFileContent(source, fileName, fileContentType, "dsb-" + Guid.NewGuid().ToString("N"));
    }

    public override bool TryComputeLength(out long length)
    {
        length = _head.Length + (_file.Length - _fileStart) + _tail.Length;
        return true;
    }

    public override void WriteTo(Stream stream, CancellationToken cancellationToken = default)
    {
        stream.Write(_head);
        _file.Position = _fileStart;
        _file.CopyTo(stream);
        stream.Write(_tail);
    }

    public override async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        await stream.WriteAsync(_head, cancellationToken).ConfigureAwait(false);
        _file.Position = _fileStart;
        await _file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(_tail, cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        // The caller owns the file stream; a buffer made here is only memory.
    }
}
