namespace DataStoryBot.Core.Csv;

/// <summary>
/// Validates and profiles an upload in one streaming pass, writing a UTF-8 copy for everything downstream.
/// </summary>
public interface IUploadInspector
{
    Task<UploadInspection> InspectAsync(Stream input, string fileName, Stream normalizedUtf8Output, CancellationToken cancellationToken);
}

/// <summary>Either a profile (accepted) or a rejection (4xx) — never both.</summary>
public sealed record UploadInspection(DatasetProfile? Profile, UploadRejection? Rejection)
{
    public static UploadInspection Accepted(DatasetProfile profile) => new(profile, null);

    public static UploadInspection Rejected(UploadRejection rejection) => new(null, rejection);
}

/// <summary>Why an upload was refused: HTTP status, problem type slug, title and a detail a user can act on.</summary>
public sealed record UploadRejection(int Status, string Slug, string Title, string Detail);
