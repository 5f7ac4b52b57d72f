using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Tests.Fakes;

/// <summary>One request the fake received.</summary>
public sealed record FakeRequest(
    string Method,
    string Path,
    bool AzurePrefix,
    string? Authorization,
    string? ApiKey,
    string? Body,
    DateTimeOffset At);

/// <summary>A file in a fake container.</summary>
public sealed record FakeFile(string Id, string ContainerId, string Path, string Name, byte[] Bytes, string Source, long CreatedAt);

/// <summary>A fake Code Interpreter container with an idle TTL anchored on last activity.</summary>
public sealed class FakeContainer
{
    internal FakeContainer(string id, string name, long now, int idleMinutes, string memoryLimit)
    {
        Id = id;
        Name = name;
        CreatedAt = now;
        LastActiveAt = now;
        IdleMinutes = idleMinutes;
        MemoryLimit = memoryLimit;
    }

    public string Id { get; }
    public string Name { get; }
    public long CreatedAt { get; }
    public long LastActiveAt { get; internal set; }
    public int IdleMinutes { get; }
    public string MemoryLimit { get; }
    public bool Expired { get; internal set; }
    public bool Deleted { get; internal set; }
    public string Status => Expired ? "expired" : "running";
    internal ConcurrentDictionary<string, FakeFile> FileMap { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<FakeFile> Files => FileMap.Values.OrderBy(f => f.CreatedAt).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port 0) that speaks the OpenAI containers + responses wire format described in
/// shared/reference/openai-code-interpreter-api.md, under both <c>/v1/…</c> and Azure's <c>/openai/v1/…</c>: integer
/// timestamps, 200 for creates and deletes, the error envelope, x-request-id headers, containers whose idle TTL every
/// operation refreshes, multipart uploads stored as <c>/mnt/data/&lt;32hex&gt;-&lt;name&gt;</c>, and scripted "model"
/// behaviours for <c>POST /responses</c> (a queue, then <see cref="DefaultBehaviour"/>).
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeContainer> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentQueue<FakeModelBehaviour> _behaviours = new();
    private readonly TimeProvider _time;
    private int _disposed;

    private FakeOpenAIServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The OpenAI-style endpoint, <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "v1");

    /// <summary>The Azure OpenAI v1-style endpoint, <c>http://127.0.0.1:PORT/openai/v1/</c>.</summary>
    public Uri AzureEndpoint => new(BaseAddress, "openai/v1/");

    /// <summary>What <c>POST /responses</c> does when the queue is empty. Defaults to <see cref="FakeModel.Auto"/>.</summary>
    public FakeModelBehaviour DefaultBehaviour { get; set; } = FakeModel.Auto();

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    public IReadOnlyList<FakeContainer> Containers
    {
        get
        {
            lock (_gate)
            {
                return _containers.Values.ToList();
            }
        }
    }

    /// <summary>With <c>https</c>, the server's self-signed certificate for 127.0.0.1 (clients must trust it explicitly).</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>Starts the server on a free loopback port; <paramref name="https"/> serves TLS with a fresh self-signed certificate.</summary>
    public static async Task<FakeOpenAIServer> StartAsync(TimeProvider? time = null, bool https = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = https ? SelfSignedCertificate() : null;
        builder.WebHost.UseUrls(https ? "https://127.0.0.1:0" : "http://127.0.0.1:0");
        if (https)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            if (certificate is not null)
            {
                k.ConfigureHttpsDefaults(o => o.ServerCertificate = certificate);
            }
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = long.MaxValue);
        var app = builder.Build();
        var server = new FakeOpenAIServer(app, time ?? TimeProvider.System) { Certificate = certificate };
        server.Map();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Queues behaviours for the next <c>POST /responses</c> calls, in order.</summary>
    public void Enqueue(params FakeModelBehaviour[] behaviours)
    {
        foreach (var b in behaviours)
        {
            _behaviours.Enqueue(b);
        }
    }

    /// <summary>Requests whose method matches and whose path (after the /v1 or /openai/v1 prefix) starts with <paramref name="pathStart"/>.</summary>
    public int Count(string method, string pathStart) =>
        _requests.Count(r => r.Method == method && StripPrefix(r.Path).StartsWith(pathStart, StringComparison.Ordinal));

    public FakeContainer? FindContainer(string id)
    {
        lock (_gate)
        {
            return _containers.GetValueOrDefault(id);
        }
    }

    /// <summary>Expires a container now, as if its idle TTL had passed: metadata stays, data is discarded.</summary>
    public void ExpireContainer(string id)
    {
        lock (_gate)
        {
            if (_containers.TryGetValue(id, out var c))
            {
                c.Expired = true;
                c.FileMap.Clear();
            }
        }
    }

    /// <summary>Deletes a container: afterwards it is unknown (404).</summary>
    public bool DeleteContainer(string id)
    {
        lock (_gate)
        {
            if (_containers.TryGetValue(id, out var c) && !c.Deleted)
            {
                c.Deleted = true;
                c.FileMap.Clear();
                return true;
            }

            return false;
        }
    }

    /// <summary>Adds a file to a container as the code would (source "assistant").</summary>
    public FakeFile AddFile(FakeContainer container, string name, byte[] bytes, string source = "assistant", long? createdAt = null)
    {
        var id = "cfile_" + Hex(16);
        var path = source == "user" ? $"/mnt/data/{Hex(16)}-{name}" : $"/mnt/data/{name}";
        var file = new FakeFile(id, container.Id, path, name, bytes, source, createdAt ?? Now());
        container.FileMap[id] = file;
        return file;
    }

    internal long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    internal static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    private static string StripPrefix(string path) =>
        path.StartsWith("/openai/v1", StringComparison.Ordinal) ? path["/openai/v1".Length..]
        : path.StartsWith("/v1", StringComparison.Ordinal) ? path["/v1".Length..]
        : path;

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            var request = context.Request;
            string? body = null;
            if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            {
                request.EnableBuffering();
                using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
                body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                request.Body.Position = 0;
            }

            var path = request.Path.Value ?? string.Empty;
            _requests.Enqueue(new FakeRequest(request.Method, path, path.StartsWith("/openai/", StringComparison.Ordinal),
                request.Headers.Authorization.FirstOrDefault(), request.Headers["api-key"].FirstOrDefault(), body, _time.GetUtcNow()));
            var started = DateTimeOffset.UtcNow;
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h["x-request-id"] = "req_" + Hex(16);
                h["openai-version"] = "2020-10-01";
                h["openai-processing-ms"] = ((int)(DateTimeOffset.UtcNow - started).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });

            var azure = path.StartsWith("/openai/", StringComparison.Ordinal);
            var hasBearer = request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.Ordinal) == true;
            var hasKey = !string.IsNullOrEmpty(request.Headers["api-key"].FirstOrDefault());
            if (!(hasBearer || (azure && hasKey)))
            {
                await WriteAsync(context, FakeReply.Error(401, "You didn't provide an API key.", "invalid_request_error", "invalid_api_key")).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        foreach (var prefix in new[] { "/v1", "/openai/v1" })
        {
            var g = _app.MapGroup(prefix);
            g.MapPost("/containers", CreateContainer);
            g.MapGet("/containers", ListContainers);
            g.MapGet("/containers/{id}", GetContainer);
            g.MapDelete("/containers/{id}", DeleteContainerEndpoint);
            g.MapPost("/containers/{id}/files", UploadFile);
            g.MapGet("/containers/{id}/files", ListFiles);
            g.MapGet("/containers/{id}/files/{fid}", GetFile);
            g.MapGet("/containers/{id}/files/{fid}/content", GetFileContent);
            g.MapDelete("/containers/{id}/files/{fid}", DeleteFile);
            g.MapPost("/responses", CreateResponse);
        }
    }

    private async Task CreateContainer(HttpContext context)
    {
        var json = await ReadJsonAsync(context).ConfigureAwait(false);
        if (json is null || json["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            await WriteAsync(context, FakeReply.Error(400, "Missing required parameter: 'name'.", "invalid_request_error", "missing_required_parameter", "name")).ConfigureAwait(false);
            return;
        }

        var minutes = 20;
        if (json["expires_after"] is JsonObject expires)
        {
            if (expires["anchor"]?.GetValue<string>() != "last_active_at" || expires["minutes"] is null)
            {
                await WriteAsync(context, FakeReply.Error(400, "Invalid 'expires_after': anchor 'last_active_at' and minutes are required.", "invalid_request_error", "invalid_value", "expires_after")).ConfigureAwait(false);
                return;
            }

            minutes = expires["minutes"]!.GetValue<int>();
            if (minutes > 20)
            {
                await WriteAsync(context, FakeReply.Error(400, $"Invalid 'expires_after.minutes': integer above maximum value. Expected a value <= 20, but got {minutes} instead.", "invalid_request_error", "integer_above_max_value", "expires_after.minutes")).ConfigureAwait(false);
                return;
            }
        }

        var memory = json["memory_limit"]?.GetValue<string>() ?? "1g";
        if (memory is not ("1g" or "4g" or "16g" or "64g"))
        {
            await WriteAsync(context, FakeReply.Error(400, $"Invalid 'memory_limit': '{memory}'.", "invalid_request_error", "invalid_value", "memory_limit")).ConfigureAwait(false);
            return;
        }

        var container = new FakeContainer("cntr_" + Hex(24), name, Now(), minutes, memory);
        lock (_gate)
        {
            _containers[container.Id] = container;
        }

        await WriteAsync(context, FakeReply.Json(ContainerJson(container))).ConfigureAwait(false);
    }

    private Task ListContainers(HttpContext context)
    {
        List<FakeContainer> list;
        lock (_gate)
        {
            list = _containers.Values.Where(c => !c.Deleted).OrderByDescending(c => c.CreatedAt).ToList();
        }

        // Newest first by default, as the API lists them; Page applies order/after/limit to the oldest-first list.
        list.Reverse();
        return WriteAsync(context, Page(context, list.Select(ContainerJson).ToList()));
    }

    private Task GetContainer(HttpContext context, string id)
    {
        var c = Touch(id, out _);
        return c is null
            ? WriteAsync(context, ContainerNotFound(id))
            : WriteAsync(context, FakeReply.Json(ContainerJson(c)));
    }

    private Task DeleteContainerEndpoint(HttpContext context, string id)
    {
        if (!DeleteContainer(id))
        {
            return WriteAsync(context, ContainerNotFound(id));
        }

        return WriteAsync(context, FakeReply.Json(new JsonObject { ["id"] = id, ["object"] = "container.deleted", ["deleted"] = true }));
    }

    private async Task UploadFile(HttpContext context, string id)
    {
        var c = Touch(id, out var expired);
        if (c is null || expired)
        {
            await WriteAsync(context, ContainerNotFound(id)).ConfigureAwait(false);
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await WriteAsync(context, FakeReply.Error(400, "This fake only accepts multipart uploads with a 'file' part.", "invalid_request_error", null)).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var part = form.Files["file"];
        if (part is null || string.IsNullOrEmpty(part.FileName))
        {
            await WriteAsync(context, FakeReply.Error(400, "Missing required parameter: 'file'.", "invalid_request_error", "missing_required_parameter", "file")).ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        await part.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var file = AddFile(c, part.FileName, buffer.ToArray(), "user");
        await WriteAsync(context, FakeReply.Json(FileJson(file))).ConfigureAwait(false);
    }

    private Task ListFiles(HttpContext context, string id)
    {
        var c = Touch(id, out var expired);
        if (c is null || expired)
        {
            return WriteAsync(context, ContainerNotFound(id));
        }

        return WriteAsync(context, Page(context, c.Files.OrderBy(f => f.CreatedAt).Select(FileJson).ToList()));
    }

    private Task GetFile(HttpContext context, string id, string fid)
    {
        var file = FindFile(id, fid, out var error);
        return file is null ? WriteAsync(context, error!) : WriteAsync(context, FakeReply.Json(FileJson(file)));
    }

    private async Task GetFileContent(HttpContext context, string id, string fid)
    {
        var file = FindFile(id, fid, out var error);
        if (file is null)
        {
            await WriteAsync(context, error!).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = System.IO.Path.GetExtension(file.Name).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".csv" => "text/csv; charset=utf-8",
            ".md" => "text/markdown; charset=utf-8",
            _ => "text/plain; charset=utf-8",
        };
        context.Response.Headers.ContentDisposition =
            $"attachment; filename=\"{file.Name}\"; filename*=UTF-8''{Uri.EscapeDataString(System.IO.Path.GetFileName(file.Path))}";
        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private Task DeleteFile(HttpContext context, string id, string fid)
    {
        var file = FindFile(id, fid, out var error);
        if (file is null)
        {
            return WriteAsync(context, error!);
        }

        FindContainer(id)!.FileMap.TryRemove(fid, out _);
        return WriteAsync(context, FakeReply.Json(new JsonObject { ["id"] = fid, ["object"] = "container.file.deleted", ["deleted"] = true }));
    }

    private async Task CreateResponse(HttpContext context)
    {
        var json = await ReadJsonAsync(context).ConfigureAwait(false);
        if (json is null)
        {
            await WriteAsync(context, FakeReply.Error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null)).ConfigureAwait(false);
            return;
        }

        if (InvalidResponseRequest(json) is { } invalid)
        {
            await WriteAsync(context, invalid).ConfigureAwait(false);
            return;
        }

        var containerId = (json["tools"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(t => t["type"]?.GetValue<string>() == "code_interpreter")?["container"]?.GetValue<string>();
        if (string.IsNullOrEmpty(containerId))
        {
            await WriteAsync(context, FakeReply.Error(400, "Missing required parameter: 'tools[0].container'.", "invalid_request_error", "missing_required_parameter", "tools[0].container")).ConfigureAwait(false);
            return;
        }

        var container = Touch(containerId, out var expired);
        if (container is null)
        {
            await WriteAsync(context, FakeReply.Error(404, "Container not found", "invalid_request_error", null)).ConfigureAwait(false);
            return;
        }

        if (expired)
        {
            await WriteAsync(context, FakeReply.Error(400, "Container is expired.", "invalid_request_error", null)).ConfigureAwait(false);
            return;
        }

        var behaviour = _behaviours.TryDequeue(out var next) ? next : DefaultBehaviour;
        var reply = await behaviour(new FakeModelContext(this, json, container, context.RequestAborted)).ConfigureAwait(false);
        await WriteAsync(context, reply).ConfigureAwait(false);
    }

    /// <summary>
    /// The request checks the real API makes before running anything (reference: 400 with the error envelope):
    /// a model, <c>max_output_tokens</c> of at least 16, and a JSON-schema format with a name and a schema.
    /// </summary>
    internal static FakeReply? InvalidResponseRequest(JsonObject json)
    {
        if (json["model"] is not JsonValue model || model.GetValueKind() != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetValue<string>()))
        {
            return FakeReply.Error(400, "Missing required parameter: 'model'.", "invalid_request_error", "missing_required_parameter", "model");
        }

        if (json["max_output_tokens"] is JsonValue max && (max.GetValueKind() != System.Text.Json.JsonValueKind.Number || max.GetValue<double>() < 16))
        {
            return FakeReply.Error(400, $"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got {max.ToJsonString()} instead.",
                "invalid_request_error", "integer_below_min_value", "max_output_tokens");
        }

        if (json["text"]?["format"] is JsonObject format && (string?)format["type"] == "json_schema"
            && (string.IsNullOrEmpty((string?)format["name"]) || format["schema"] is not JsonObject))
        {
            return FakeReply.Error(400, "Missing required parameter: 'text.format.name' or 'text.format.schema'.", "invalid_request_error", "missing_required_parameter", "text.format");
        }

        return null;
    }

    /// <summary>Looks a container up, expires it if its idle TTL passed, and refreshes last activity when it is running.</summary>
    private FakeContainer? Touch(string id, out bool expired)
    {
        lock (_gate)
        {
            expired = false;
            if (!_containers.TryGetValue(id, out var c) || c.Deleted)
            {
                return null;
            }

            var now = Now();
            if (!c.Expired && now - c.LastActiveAt > c.IdleMinutes * 60L)
            {
                c.Expired = true;
                c.FileMap.Clear();
            }

            expired = c.Expired;
            if (!expired)
            {
                c.LastActiveAt = now;
            }

            return c;
        }
    }

    private FakeFile? FindFile(string id, string fid, out FakeReply? error)
    {
        var c = Touch(id, out var expired);
        if (c is null || expired)
        {
            error = ContainerNotFound(id);
            return null;
        }

        if (!c.FileMap.TryGetValue(fid, out var file))
        {
            error = FakeReply.Error(404, $"File {fid} not found on container {id}.", "invalid_request_error", null);
            return null;
        }

        error = null;
        return file;
    }

    private static FakeReply ContainerNotFound(string id) =>
        FakeReply.Error(404, $"Container {id} not found.", "invalid_request_error", null);

    private static async Task<JsonObject?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static JsonObject ContainerJson(FakeContainer c) => new()
    {
        ["id"] = c.Id,
        ["object"] = "container",
        ["created_at"] = c.CreatedAt,
        ["status"] = c.Status,
        ["expires_after"] = new JsonObject { ["anchor"] = "last_active_at", ["minutes"] = c.IdleMinutes },
        ["last_active_at"] = c.LastActiveAt,
        ["memory_limit"] = c.MemoryLimit,
        ["name"] = c.Name,
    };

    internal static JsonObject FileJson(FakeFile f) => new()
    {
        ["id"] = f.Id,
        ["object"] = "container.file",
        ["created_at"] = f.CreatedAt,
        ["bytes"] = f.Bytes.LongLength,
        ["container_id"] = f.ContainerId,
        ["path"] = f.Path,
        ["source"] = f.Source,
    };

    /// <summary>
    /// A list page as the API pages: <c>limit</c> 1–100 (default 20), <c>order</c> asc|desc (default desc) over the
    /// items given oldest first, <c>after</c> an item id to continue from; <c>has_more</c> when items remain.
    /// </summary>
    private static FakeReply Page(HttpContext context, IReadOnlyList<JsonObject> oldestFirst)
    {
        var query = context.Request.Query;
        var limit = 20;
        if (query.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit is < 1 or > 100))
        {
            return FakeReply.Error(400, $"Invalid 'limit': integer between 1 and 100 expected, got '{l}'.", "invalid_request_error", "invalid_value", "limit");
        }

        var order = query.TryGetValue("order", out var o) ? o.ToString() : "desc";
        if (order is not ("asc" or "desc"))
        {
            return FakeReply.Error(400, $"Invalid 'order': 'asc' or 'desc' expected, got '{order}'.", "invalid_request_error", "invalid_value", "order");
        }

        IEnumerable<JsonObject> ordered = order == "asc" ? oldestFirst : oldestFirst.Reverse();
        if (query.TryGetValue("after", out var after) && !string.IsNullOrEmpty(after))
        {
            ordered = ordered.SkipWhile(i => (string?)i["id"] != after).Skip(1);
        }

        var rest = ordered.ToList();
        var data = new JsonArray(rest.Take(limit).Cast<JsonNode>().ToArray());
        return FakeReply.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["first_id"] = data.Count > 0 ? data[0]!["id"]!.GetValue<string>() : null,
            ["last_id"] = data.Count > 0 ? data[^1]!["id"]!.GetValue<string>() : null,
            ["has_more"] = rest.Count > limit,
        });
    }

    private static async Task WriteAsync(HttpContext context, FakeReply reply)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>An HTTP answer of the fake.</summary>
public sealed class FakeReply
{
    public int Status { get; init; } = 200;
    public JsonObject Body { get; init; } = new();
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static FakeReply Json(JsonObject body) => new() { Body = body };

    /// <summary>The OpenAI error envelope <c>{"error":{message,type,param,code}}</c>.</summary>
    public static FakeReply Error(int status, string message, string? type, string? code, string? param = null, int? retryAfterSeconds = null)
    {
        var reply = new FakeReply
        {
            Status = status,
            Body = new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
            },
        };
        if (retryAfterSeconds is { } s)
        {
            reply.Headers["Retry-After"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return reply;
    }
}

/// <summary>What a scripted model sees: the request, its container, and the server (to write files).</summary>
public sealed class FakeModelContext(FakeOpenAIServer server, JsonObject request, FakeContainer container, CancellationToken aborted)
{
    public FakeOpenAIServer Server { get; } = server;
    public JsonObject Request { get; } = request;
    public FakeContainer Container { get; } = container;
    public CancellationToken Aborted { get; } = aborted;

    public string Instructions => Request["instructions"]?.GetValue<string>() ?? string.Empty;

    public bool WantsJsonSchema => Request["text"]?["format"]?["type"]?.GetValue<string>() == "json_schema";

    /// <summary>The file-name prefix the engine asked for (the <c>FILE_PREFIX:</c> line), or empty.</summary>
    public string FilePrefix
    {
        get
        {
            const string marker = "FILE_PREFIX: ";
            var i = Instructions.IndexOf(marker, StringComparison.Ordinal);
            if (i < 0)
            {
                return string.Empty;
            }

            var rest = Instructions[(i + marker.Length)..];
            var end = rest.IndexOfAny(['\r', '\n']);
            return (end < 0 ? rest : rest[..end]).Trim();
        }
    }

    /// <summary>The first user-uploaded file of the container (the data).</summary>
    public FakeFile? DataFile => Container.Files.FirstOrDefault(f => f.Source == "user");

    public FakeFile AddAssistantFile(string name, byte[] bytes) => Server.AddFile(Container, name, bytes);
}

/// <summary>A scripted answer to one <c>POST /responses</c>.</summary>
public delegate Task<FakeReply> FakeModelBehaviour(FakeModelContext context);
