using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSlim.Events.Serialization;

/// <summary>
/// A time sent as Unix seconds, possibly with a fraction (DynamoDB's <c>ApproximateCreationDateTime</c>, Kinesis's
/// <c>approximateArrivalTimestamp</c>), as a UTC <see cref="DateTime"/>. Read through <see cref="decimal"/> so that
/// 1545084650.987 is exactly .987 s, not the nearest double; written back the same way.
/// </summary>
public sealed class EpochSecondsDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        decimal seconds = 0;
        bool parsed = reader.TokenType == JsonTokenType.Number
            ? reader.TryGetDecimal(out seconds)
            // Some producers quote numbers; accept them rather than fail the whole batch.
            : reader.TokenType == JsonTokenType.String
              && decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds);
        const decimal MaxSeconds = 253402300799m; // 9999-12-31T23:59:59Z, DateTime's last whole second
        if (!parsed || seconds < 0 || seconds > MaxSeconds)
        {
            throw new JsonException($"{EventsErrorCodes.InvalidEpochTime}: a timestamp holds {reader.TokenType} that is not Unix seconds " +
                "between 1970 and 9999. Check what produced the event: these times are numbers of seconds, e.g. 1545084650.987.");
        }
        return DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        // An Unspecified time is taken as UTC (what Read produces), not converted as if it were local.
        DateTime utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks % TimeSpan.TicksPerSecond == 0)
        {
            writer.WriteNumberValue(ticks / TimeSpan.TicksPerSecond);
        }
        else
        {
            writer.WriteNumberValue((decimal)ticks / TimeSpan.TicksPerSecond);
        }
    }
}
