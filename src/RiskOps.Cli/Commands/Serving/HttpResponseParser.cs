using System.Buffers.Text;
using System.Text;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Finds the end of one HTTP/1.1 response at the start of a buffer (status line, headers, then a Content-Length or a
/// chunked body), enough for the load generator to match pipelined answers to requests without an HTTP client.
/// </summary>
internal static class HttpResponseParser
{
    public static bool TryParse(ReadOnlySpan<byte> data, out int consumed, out int status)
    {
        consumed = 0;
        status = 0;
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return false;
        }

        var head = data[..headerEnd];
        if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out status, out _))
        {
            throw new InvalidDataException("not an HTTP/1.1 response: " + Encoding.ASCII.GetString(head[..Math.Min(head.Length, 40)]));
        }

        long contentLength = -1;
        var chunked = false;
        var lines = head;
        while (lines.Length > 0)
        {
            var eol = lines.IndexOf("\r\n"u8);
            var line = eol < 0 ? lines : lines[..eol];
            lines = eol < 0 ? default : lines[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                Utf8Parser.TryParse(value, out contentLength, out _);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) && value.IndexOf("chunked"u8) >= 0)
            {
                chunked = true;
            }
        }

        var position = headerEnd + 4;
        if (chunked)
        {
            while (true)
            {
                var eol = data[position..].IndexOf("\r\n"u8);
                if (eol < 0)
                {
                    return false;
                }

                var sizeText = data.Slice(position, eol);
                var extension = sizeText.IndexOf((byte)';');
                if (extension >= 0)
                {
                    sizeText = sizeText[..extension];
                }

                if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'X'))
                {
                    throw new InvalidDataException("bad chunk size in an HTTP response");
                }

                position += eol + 2;
                if (data.Length < position + size + 2)
                {
                    return false;
                }

                position += size + 2; // the chunk and its CRLF; the last (empty) chunk is followed by an empty trailer line
                if (size == 0)
                {
                    consumed = position;
                    return true;
                }
            }
        }

        var length = (int)Math.Max(0, contentLength);
        if (data.Length < position + length)
        {
            return false;
        }

        consumed = position + length;
        return true;
    }
}
