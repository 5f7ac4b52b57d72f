using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DataStoryBot.Tests.Architecture;

/// <summary>
/// The folders of DataStoryBot.Core form layers: no folder uses a folder that (directly or through others) uses it.
/// The dependencies are found by binding Core's sources with Roslyn, so a using, a fully or partly qualified name,
/// an alias, a constant, a nameof or an extension method all count the same: by the folder the symbol is declared in.
/// </summary>
public sealed class CoreLayeringTests
{
    private static readonly Lazy<CoreGraph> Graph = new(CoreGraph.Build);

    [Fact]
    public void CoreFolders_Dependencies_HaveNoImportLoop()
    {
        var graph = Graph.Value;
        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, "Import loops between DataStoryBot.Core folders:\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void CoreSources_Bind_WithoutUnknownNames()
    {
        // The graph is only as good as the binding: a name Roslyn cannot resolve is a dependency the test cannot see.
        var unresolved = Graph.Value.Unresolved;

        Assert.True(unresolved.Count == 0, "Names the layering test could not bind:\n" + string.Join("\n", unresolved.Take(20)));
    }

    [Fact]
    public void CoreSources_Namespace_MatchesFolder()
    {
        var wrong = Graph.Value.Misplaced;

        Assert.True(wrong.Count == 0, "Files whose namespace is not their folder's:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void FindCycles_LoopOfThree_IsReported()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A", "D"],
            ["D"] = [],
        };

        var cycle = Assert.Single(CoreGraph.FindCycles(edges));

        Assert.Equal(["A", "B", "C"], cycle);
    }

    [Fact]
    public void FindCycles_Layered_IsEmpty()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B", "C"],
            ["B"] = ["C"],
            ["C"] = [],
        };

        Assert.Empty(CoreGraph.FindCycles(edges));
    }

    private sealed class CoreGraph
    {
        private const string Root = "DataStoryBot.Core";

        private readonly Dictionary<string, HashSet<string>> edges = new(StringComparer.Ordinal);

        // (from folder, to folder) → a few "File.cs: Symbol" examples, for the failure message.
        private readonly Dictionary<(string From, string To), SortedSet<string>> examples = [];

        public List<string> Unresolved { get; } = [];

        public List<string> Misplaced { get; } = [];

        public static CoreGraph Build()
        {
            var coreFolder = Path.Combine(FindRepositoryRoot(), Root);
            var files = Directory.EnumerateFiles(coreFolder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(coreFolder, f)))
                .Order(StringComparer.Ordinal)
                .ToList();
            var options = new CSharpParseOptions(LanguageVersion.Preview);
            var trees = files
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, path: Path.GetRelativePath(coreFolder, f)))
                .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "ImplicitUsings.g.cs"))
                .ToList();
            var compilation = CSharpCompilation.Create(
                "LayeringProbe",
                trees,
                References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

            // Binding is most of the test's time: the files are bound in parallel (a compilation and its semantic models
            // are thread-safe), each into a graph of its own, merged in file order so the messages read the same.
            var parts = trees.Where(t => t.FilePath != "ImplicitUsings.g.cs")
                .AsParallel().AsOrdered()
                .Select(tree =>
                {
                    var part = new CoreGraph();
                    part.Add(tree, compilation.GetSemanticModel(tree));
                    return part;
                })
                .ToList();
            var graph = new CoreGraph();
            foreach (var part in parts)
            {
                graph.Merge(part);
            }

            return graph;
        }

        public List<List<string>> Cycles() => FindCycles(edges);

        private void Merge(CoreGraph part)
        {
            foreach (var (from, targets) in part.edges)
            {
                if (!edges.TryGetValue(from, out var set))
                {
                    edges[from] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(targets);
            }

            foreach (var (pair, uses) in part.examples)
            {
                if (!examples.TryGetValue(pair, out var list))
                {
                    examples[pair] = list = new SortedSet<string>(StringComparer.Ordinal);
                }

                list.UnionWith(uses);
            }

            Unresolved.AddRange(part.Unresolved);
            Misplaced.AddRange(part.Misplaced);
        }

        public string Describe(List<string> cycle)
        {
            var lines = new List<string> { "  " + string.Join(" → ", cycle.Append(cycle[0])) };
            for (var i = 0; i < cycle.Count; i++)
            {
                var from = cycle[i];
                var to = cycle[(i + 1) % cycle.Count];
                lines.Add($"    {from} → {to}: " + string.Join(", ", examples[(from, to)].Take(4)));
            }

            return string.Join("\n", lines);
        }

        /// <summary>
        /// Every elementary loop of the graph, each reported once starting from its smallest folder name
        /// (Johnson's idea, kept simple: the graph has a score of nodes).
        /// </summary>
        public static List<List<string>> FindCycles(IReadOnlyDictionary<string, HashSet<string>> graph)
        {
            var nodes = graph.Keys.Concat(graph.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
            var cycles = new List<List<string>>();
            foreach (var start in nodes)
            {
                var path = new List<string> { start };
                Walk(start);

                void Walk(string node)
                {
                    foreach (var next in (graph.TryGetValue(node, out var n) ? n : []).Order(StringComparer.Ordinal))
                    {
                        if (next == start)
                        {
                            cycles.Add([.. path]);
                        }
                        else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next))
                        {
                            path.Add(next);
                            Walk(next);
                            path.RemoveAt(path.Count - 1);
                        }
                    }
                }
            }

            return cycles;
        }

        private void Add(SyntaxTree tree, SemanticModel model)
        {
            var folder = FolderOf(tree.FilePath);
            var root = tree.GetCompilationUnitRoot();
            foreach (var ns in root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                var name = ns.Name.ToString();
                if (name != Root + "." + folder && !name.StartsWith(Root + "." + folder + ".", StringComparison.Ordinal))
                {
                    Misplaced.Add($"{tree.FilePath}: namespace {name}");
                }
            }

            foreach (var node in root.DescendantNodes())
            {
                ISymbol? symbol = node switch
                {
                    SimpleNameSyntax name => Bind(model, name, tree),
                    // Deconstruction, foreach, collection initialisers and query clauses call methods no name spells.
                    _ => null,
                };
                if (symbol is not null)
                {
                    AddUse(folder, symbol, tree.FilePath);
                }

                if (node is ExpressionSyntax expression and not SimpleNameSyntax)
                {
                    // The type of every expression: a value of another folder's type passed through (var, lambdas).
                    var type = model.GetTypeInfo(expression).Type;
                    if (type is not null)
                    {
                        AddUse(folder, type, tree.FilePath);
                    }
                }
            }
        }

        private ISymbol? Bind(SemanticModel model, SimpleNameSyntax name, SyntaxTree tree)
        {
            var info = model.GetSymbolInfo(name);
            if (info.Symbol is not null)
            {
                return info.Symbol;
            }

            if (info.CandidateSymbols.Length > 0)
            {
                return info.CandidateSymbols[0];
            }

            if (IsDeclarationOrLabel(name) || model.GetAliasInfo(name) is not null)
            {
                return null;
            }

            // `nameof(x)` binds to nothing itself; `var` and discards are keywords in disguise.
            if (name.Identifier.Text is "nameof" or "var" or "_" or "value" or "dynamic" or "unmanaged" or "notnull")
            {
                return null;
            }

            var type = model.GetTypeInfo(name).Type;
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                Unresolved.Add($"{tree.FilePath}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {name}");
            }

            return type;
        }

        private static bool IsDeclarationOrLabel(SimpleNameSyntax name) =>
            name.Parent is NameColonSyntax or NameEqualsSyntax or ExplicitInterfaceSpecifierSyntax;

        private void AddUse(string folder, ISymbol symbol, string file)
        {
            foreach (var ns in Namespaces(symbol))
            {
                var target = ns.ToDisplayString();
                if (!target.StartsWith(Root + ".", StringComparison.Ordinal))
                {
                    continue;
                }

                var targetFolder = target[(Root.Length + 1)..].Split('.')[0];
                if (targetFolder == folder)
                {
                    continue;
                }

                if (!edges.TryGetValue(folder, out var set))
                {
                    edges[folder] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(targetFolder);
                if (!examples.TryGetValue((folder, targetFolder), out var list))
                {
                    examples[(folder, targetFolder)] = list = new SortedSet<string>(StringComparer.Ordinal);
                }

                list.Add($"{Path.GetFileName(file)} uses {symbol.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}");
            }
        }

        /// <summary>The namespaces a symbol drags in: its own, and those of its type arguments and element types.</summary>
        private static IEnumerable<INamespaceSymbol> Namespaces(ISymbol symbol)
        {
            switch (symbol)
            {
                case INamespaceSymbol ns:
                    yield return ns;
                    yield break;
                case IArrayTypeSymbol array:
                    foreach (var ns in Namespaces(array.ElementType))
                    {
                        yield return ns;
                    }

                    yield break;
                case INamedTypeSymbol named:
                    var outer = named;
                    while (outer.ContainingType is not null)
                    {
                        outer = outer.ContainingType;
                    }

                    if (outer.ContainingNamespace is not null)
                    {
                        yield return outer.ContainingNamespace;
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        foreach (var ns in Namespaces(argument))
                        {
                            yield return ns;
                        }
                    }

                    yield break;
                case IMethodSymbol { ReducedFrom: { } extension }:
                    foreach (var ns in Namespaces(extension.ContainingType))
                    {
                        yield return ns;
                    }

                    yield break;
                case IAliasSymbol alias:
                    foreach (var ns in Namespaces(alias.Target))
                    {
                        yield return ns;
                    }

                    yield break;
                case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol or ITypeParameterSymbol or IDiscardSymbol:
                    yield break;
                default:
                    if (symbol.ContainingType is not null)
                    {
                        foreach (var ns in Namespaces(symbol.ContainingType))
                        {
                            yield return ns;
                        }
                    }
                    else if (symbol.ContainingNamespace is not null)
                    {
                        yield return symbol.ContainingNamespace;
                    }

                    yield break;
            }
        }

        private static string FolderOf(string relativePath)
        {
            var parts = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return parts.Length > 1 ? parts[0] : "(root)";
        }

        private static bool IsBuildOutput(string relativePath) =>
            relativePath.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relativePath.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        private static ImmutableArray<MetadataReference> References()
        {
            // The framework (with ASP.NET Core: the test project references it too) and every package Core uses,
            // all beside the test assembly; Core's own assemblies are left out so that every Core symbol is a source one.
            var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
            return [.. platform.Concat(local)
                .Where(p => !Path.GetFileName(p).StartsWith("DataStoryBot.", StringComparison.Ordinal))
                .Where(IsManagedAssembly)
                .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
                .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))];
        }

        private static bool IsManagedAssembly(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new PEReader(stream);
                return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DataStoryBot.sln")) && Directory.Exists(Path.Combine(dir.FullName, Root)))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds DataStoryBot.sln and {Root}/.");
        }

        // What <ImplicitUsings> gives a Microsoft.NET.Sdk project (Core's).
        private const string ImplicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Threading;
            global using System.Threading.Tasks;
            """;
    }
}
