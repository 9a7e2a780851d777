using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class ShadowScoreConfiguration : IEntityTypeConfiguration<ShadowScoreRecord>
{
    public void Configure(EntityTypeBuilder<ShadowScoreRecord> builder)
    {
        builder.ToTable("shadow_scores");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasConversion(ShadowKeyBytes.Converter);
        // The comparison reads one challenger's window; retention sweeps by time.
        builder.HasIndex(s => new { s.ChallengerVersionId, s.TimestampMs });
        builder.HasIndex(s => s.TimestampMs);
    }
}

/// <summary>
/// Shadow keys are stored as 16 big-endian bytes on both providers (BLOB / bytea), so the bulk writer's raw binding
/// and EF's parameters always produce the same value.
/// </summary>
public static class ShadowKeyBytes
{
    public static byte[] ToBytes(Guid key) => key.ToByteArray(bigEndian: true);

    /// <summary>The same 16 bytes into a caller's buffer (no allocation per row).</summary>
    public static void Write(Guid key, Span<byte> into) => key.TryWriteBytes(into, bigEndian: true, out _);

    internal static readonly ValueConverter<Guid, byte[]> Converter =
        new(k => k.ToByteArray(true), b => new Guid(b, true));

    internal static readonly ValueConverter<Guid?, byte[]?> NullableConverter =
        new(k => k == null ? null : k.Value.ToByteArray(true), b => b == null ? null : new Guid(b, true));
}
