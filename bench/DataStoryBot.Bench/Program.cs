using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "pipeline")
{
    return await DataStoryBot.Bench.PipelineBench.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(DataStoryBot.Bench.PipelineBench).Assembly).Run(args);
return 0;
