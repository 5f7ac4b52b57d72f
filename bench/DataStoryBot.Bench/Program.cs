using BenchmarkDotNet.Running;

// Bench commands that drive whole hosts (Azurite + local host) rather than BenchmarkDotNet micro-benchmarks.
if (args.Length > 0 && args[0] == "pipeline")
{
    return await DataStoryBot.Bench.PipelineBench.RunAsync(args);
}

if (args.Length > 0 && args[0] == "upload")
{
    return await DataStoryBot.Bench.UploadBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "workbook")
{
    return await DataStoryBot.Bench.WorkbookBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "upload-workbook")
{
    return await DataStoryBot.Bench.WorkbookHttpBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "ops")
{
    return await DataStoryBot.Bench.OpsBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "load")
{
    return await DataStoryBot.Bench.LoadBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "discovery-kinds")
{
    return await DataStoryBot.Bench.KindTimingBench.RunAsync();
}

if (args.Length > 0 && args[0] == "discovery-phases")
{
    return await DataStoryBot.Bench.PhaseTimingBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "refine")
{
    return await DataStoryBot.Bench.RefineBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "discovery")
{
    return await DataStoryBot.Bench.DiscoveryBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(DataStoryBot.Bench.PipelineBench).Assembly).Run(args);
return 0;
