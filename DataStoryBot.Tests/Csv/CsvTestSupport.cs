using Xunit;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Csv;

/// <summary>Runs the validator on files and byte arrays and keeps the normalized output.</summary>
internal static class CsvTestSupport
{
    public static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Csv", name);

    public static UploadValidator Validator(DataStoryBotOptions? options = null) =>
        new(Options.Create(options ?? new DataStoryBotOptions()));

    public static async Task<(UploadValidationResult Result, byte[] Output)> ValidateBytesAsync(
        byte[] bytes, string fileName = "data.csv", DataStoryBotOptions? options = null, int? maxReadSize = null)
    {
        using var output = new MemoryStream();
        Stream input = maxReadSize is { } max ? new ChunkedStream(bytes, max) : new MemoryStream(bytes, writable: false);
        await using (input)
        {
            UploadValidationResult result = await Validator(options).ValidateAsync(input, fileName, output);
            return (result, output.ToArray());
        }
    }

    public static Task<(UploadValidationResult Result, byte[] Output)> ValidateTextAsync(string csv, DataStoryBotOptions? options = null) =>
        ValidateBytesAsync(Encoding.UTF8.GetBytes(csv), options: options);

    public static async Task<(UploadValidationResult Result, byte[] Output)> ValidateFileAsync(string name)
    {
        byte[] bytes = await File.ReadAllBytesAsync(TestFile(name));
        return await ValidateBytesAsync(bytes, name);
    }

    public static DatasetProfile AssertAccepted(UploadValidationResult result)
    {
        Assert.True(result.IsAccepted, result.Rejection?.Detail);
        return result.Profile!;
    }

    public static UploadRejection AssertRejected(UploadValidationResult result, int status, string type)
    {
        Assert.False(result.IsAccepted);
        UploadRejection rejection = result.Rejection!;
        Assert.Equal(status, rejection.Status);
        Assert.Equal(type, rejection.Type);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Title));
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
        return rejection;
    }

    public static ColumnProfile Column(DatasetProfile profile, string name) => profile.Columns.Single(c => c.Name == name);
}

/// <summary>A read-only, non-seekable stream that hands out at most a few bytes per read and counts what it gave.</summary>
internal sealed class ChunkedStream(byte[] data, int maxRead) : Stream
{
    private int _position;
    private int _read;

    public long BytesHandedOut => _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        // Vary the read size (1..maxRead) so that characters, quotes and line ends fall across reads.
        int size = Math.Min(Math.Min(count, 1 + (_read++ * 7 % maxRead)), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, size);
        _position += size;
        return size;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Wraps a stream, hides its length (not seekable) and counts the bytes read through it.</summary>
internal sealed class CountingStream(Stream inner) : DataStoryBot.Core.Storage.PassThroughReadStream(inner, leaveOpen: false)
{
    public long BytesRead { get; private set; }

    protected override void OnRead(ReadOnlySpan<byte> data) => BytesRead += data.Length;
}
