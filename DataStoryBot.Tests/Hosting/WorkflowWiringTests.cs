using System.Reflection;
using DataStoryBot.Core.Workflows;
using DataStoryBot.Functions.Functions;
using Microsoft.Azure.Functions.Worker;

namespace DataStoryBot.Tests.Hosting;

/// <summary>
/// Both hosts run the workflows of <see cref="WorkflowCatalog"/>: the local host registers the list itself; the
/// Functions app must have a trigger function of the same name for every entry (orchestrators call activities by
/// <c>nameof</c>, so a missing wrapper fails only at run time, in Azure).
/// </summary>
public sealed class WorkflowWiringTests
{
    [Fact]
    public void FunctionsApp_EveryCatalogActivity_HasAnActivityTriggerOfTheSameName()
    {
        var wrapped = Triggers<ActivityTriggerAttribute>();

        Assert.Equal(WorkflowCatalog.Activities.Select(t => t.Name).Order(), wrapped.Keys.Order());
    }

    [Fact]
    public void FunctionsApp_EveryCatalogOrchestrator_HasAnOrchestrationTriggerOfTheSameName()
    {
        var wrapped = Triggers<OrchestrationTriggerAttribute>();

        Assert.Equal(WorkflowCatalog.Orchestrators.Select(t => t.Name).Order(), wrapped.Keys.Order());
    }

    [Fact]
    public void FunctionsApp_ActivityWrappers_PassTheInvocationsCancellationToken()
    {
        foreach (var (name, method) in Triggers<ActivityTriggerAttribute>())
        {
            Assert.True(method.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)),
                $"{name} takes no CancellationToken, so its activity would run with none on the Functions host");
        }
    }

    [Fact]
    public void FunctionsApp_ActivityWrappers_TakeTheActivitysInputType()
    {
        foreach (var activity in WorkflowCatalog.Activities)
        {
            var input = activity.BaseType!.GetGenericArguments()[0];
            var method = Triggers<ActivityTriggerAttribute>()[activity.Name];
            var trigger = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(input, trigger.ParameterType);
        }
    }

    static Dictionary<string, MethodInfo> Triggers<TTrigger>() where TTrigger : Attribute =>
        typeof(WorkflowFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, m => m);
}
