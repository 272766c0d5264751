using System;
using System.Text;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes source text with four-space indentation and "\n" line endings, so generated files are
/// the same on every machine.
/// </summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _depth * 4).Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes "{" and indents until the returned scope is disposed, which writes "}" and a suffix.</summary>
    public Scope Block(string header, string closeSuffix = "")
    {
        if (header.Length > 0)
        {
            Line(header);
        }

        Line("{");
        _depth++;
        return new Scope(this, closeSuffix);
    }

    public override string ToString() => _builder.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _suffix;

        public Scope(IndentedWriter writer, string suffix)
        {
            _writer = writer;
            _suffix = suffix;
        }

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line("}" + _suffix);
        }
    }
}
