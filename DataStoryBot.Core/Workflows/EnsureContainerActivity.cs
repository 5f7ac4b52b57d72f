using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Returns a live container for the session: the one on record, or — when there is none, or the one on record is
/// the expired container named in the input — a new one with the original re-uploaded from Blob storage.
/// </summary>
public sealed class EnsureContainerActivity(IAnalysisEngine engine, SessionStore sessions, BlobStore blobs, TimeProvider time, ILogger<EnsureContainerActivity> logger, HostStopping stopping)
    : WorkflowActivity<EnsureContainerInput, ContainerInfo>(stopping)
{
    public override async Task<ContainerInfo> ExecuteAsync(EnsureContainerInput input, CancellationToken cancellationToken)
    {
        try
        {
            return await EnsureAsync(input, cancellationToken);
        }
        catch (EngineException e) when (e.Kind == EngineFailureKind.Unavailable)
        {
            // The breaker refused the call: typed across the activity boundary, so the job says the service is degraded.
            throw PhaseFailureException.From(e);
        }
    }

    async Task<ContainerInfo> EnsureAsync(EnsureContainerInput input, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(input.SessionId);
        var session = await sessions.GetAsync(input.SessionId, cancellationToken) ?? throw new SessionNotFoundException(input.SessionId);
        if (session.Container is { } existing && existing.ContainerId != input.ExpiredContainerId)
        {
            return new ContainerInfo(existing.ContainerId, existing.DataFile, Created: false);
        }

        var container = await engine.CreateContainerAsync(input.SessionId, cancellationToken);
        using var containerScope = logger.Session(input.SessionId, container.Id);
        logger.ContainerCreated(container.Id, engine.Name);
        DataStoryBotMetrics.ContainerCreated(engine.Name);

        EngineFile file;
        SessionRecord? updated;
        try
        {
            file = await UploadAsync(input, session, container.Id, cancellationToken);
            var recorded = new SessionContainer(container.Id, file, time.GetUtcNow());
            (_, updated) = await sessions.ApplyAsync(input.SessionId, new SessionEvent.ContainerRecorded(recorded, input.ExpiredContainerId), cancellationToken);
        }
        catch (Exception)
        {
            // Not on record, the container is known to nobody (a DELETE removed the data blob meanwhile, the upload or the
            // write failed): drop it before failing, and say "not found" when the session went.
            await DropAsync(container.Id);
            if (await SessionDeletion.IsGoneAsync(sessions, input.SessionId, CancellationToken.None)) throw new SessionNotFoundException(input.SessionId);
            throw;
        }

        if (SessionLifecycle.IsGone(updated))
        {
            // A DELETE marked the session while this container was made: the delete does not know it, so drop it here.
            await DropAsync(container.Id);
            throw new SessionNotFoundException(input.SessionId);
        }

        if (updated!.Container!.ContainerId != container.Id)
        {
            // Another job recorded a fresh container first: use that one and drop ours.
            await DropAsync(container.Id);
            return new ContainerInfo(updated.Container.ContainerId, updated.Container.DataFile, Created: false);
        }

        return new ContainerInfo(container.Id, file, Created: true);
    }

    async Task<EngineFile> UploadAsync(EnsureContainerInput input, SessionRecord session, string containerId, CancellationToken cancellationToken)
    {
        await using var data = await blobs.OpenReadAsync(session.DataBlob, cancellationToken) is { } blob
            ? blob.Content
            : throw new InvalidOperationException($"The session's data blob {session.DataBlob} is missing.");
        var file = await engine.UploadFileAsync(containerId, "data.csv", data, cancellationToken);
        logger.ContainerFileUploaded(file.Id, file.Bytes, containerId);
        if (input.ExpiredContainerId is not null)
        {
            logger.ContainerReuploaded(containerId, input.ExpiredContainerId, file.Bytes, session.DataBlob);
            DataStoryBotMetrics.ContainerReuploaded(engine.Name);
        }

        return file;
    }

    /// <summary>Deletes a container this activity made and did not keep; a failure is logged, never thrown over the reason it is dropped.</summary>
    async Task DropAsync(string containerId)
    {
        try
        {
            await engine.DeleteContainerAsync(containerId, CancellationToken.None);
        }
        catch (Exception e) when (e is EngineException or HttpRequestException or OperationCanceledException)
        {
            logger.ContainerDeleteFailed(containerId, e.Message);
        }
    }
}
