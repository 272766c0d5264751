namespace CompiledFlow.Generator.Model;

internal enum RecordConstruction
{
    /// <summary>A constructor whose parameters are the columns, e.g. a positional record.</summary>
    Constructor,

    /// <summary>A parameterless constructor and settable members.</summary>
    ObjectInitializer,

    /// <summary>A value tuple built from its elements.</summary>
    Tuple,

    /// <summary>A single scalar value in a column named "Value".</summary>
    Scalar,
}

/// <summary>How a record type maps to the columns of a CSV line or the properties of a JSON object. Must stay equatable.</summary>
/// <param name="TypeName">Fully qualified record type.</param>
/// <param name="Construction">How a reader builds a record from its columns.</param>
/// <param name="Fields">The columns in order.</param>
internal sealed record RecordMapping(string TypeName, RecordConstruction Construction, EquatableArray<FieldMapping> Fields);

/// <summary>One column. Must stay equatable.</summary>
/// <param name="Name">Column and property name, e.g. "Price".</param>
/// <param name="TypeName">Fully qualified field type.</param>
/// <param name="Scalar">The reader/writer method suffix, e.g. "Int64", or "Enum" for an enum type.</param>
/// <param name="AllowsNull">True for a string declared nullable (or without nullable annotations): JSON null is then accepted.</param>
internal sealed record FieldMapping(string Name, string TypeName, string Scalar, bool AllowsNull);
