using System.Text;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// A decoder fallback that marks bytes which are not UTF-8 (a Windows-1252 file from Excel's plain "CSV" save) with a
/// noncharacter instead of U+FFFD, and remembers that it did, so the reader can name the first bad row and column and
/// refuse the file. It only runs on invalid bytes: valid input keeps the runtime's vectorised decoding.
/// </summary>
internal sealed class InvalidUtf8Marker : DecoderFallback
{
    /// <summary>Stands in for each invalid byte sequence (a noncharacter: never meaningful in a lead's text).</summary>
    public const char Marker = '\uFDD0';

    /// <summary>True once any invalid byte was decoded.</summary>
    public bool Seen { get; private set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new MarkerBuffer(this);

    /// <summary>A UTF-8 encoding (BOM recognised and skipped) that marks invalid bytes through a new marker.</summary>
    public static Encoding NewUtf8(out InvalidUtf8Marker marker)
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Clone();
        encoding.DecoderFallback = marker = new InvalidUtf8Marker();
        return encoding;
    }

    private sealed class MarkerBuffer(InvalidUtf8Marker owner) : DecoderFallbackBuffer
    {
        private int _remaining;
        private bool _given;

        public override int Remaining => _remaining;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.Seen = true;
            _remaining = 1;
            _given = false;
            return true;
        }

        public override char GetNextChar()
        {
            if (_remaining == 0)
            {
                return '\0';
            }
            _remaining = 0;
            _given = true;
            return Marker;
        }

        public override bool MovePrevious()
        {
            if (!_given)
            {
                return false;
            }
            _given = false;
            _remaining = 1;
            return true;
        }

        public override void Reset()
        {
            _remaining = 0;
            _given = false;
        }
    }
}
