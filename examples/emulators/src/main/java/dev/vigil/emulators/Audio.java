package dev.vigil.emulators;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A quarter second of silence in the TTS servers' formats. WAV, PCM and MP3 are valid, decodable
 * silence; opus, aac and flac are placeholder bytes of the right size under the right content
 * type (no prober decodes them).
 */
final class Audio {
    static final int RATE = 24_000;
    private static final int SAMPLES = RATE / 4;

    private Audio() {}

    static byte[] silence(String format) {
        return switch (format) {
            case "wav" -> wav(RATE, new byte[SAMPLES * 2]);
            case "mp3" -> mp3();
            default -> new byte[SAMPLES * 2];
        };
    }

    /** A 16-bit mono PCM WAV file around {@code pcm}. */
    static byte[] wav(int rate, byte[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(pcm.length).put(pcm);
        return b.array();
    }

    /** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono frames whose side info is all zero: silence. */
    private static byte[] mp3() {
        int frame = 417;
        int frames = 10;
        byte[] out = new byte[frame * frames];
        for (int i = 0; i < frames; i++) {
            out[i * frame] = (byte) 0xFF;
            out[i * frame + 1] = (byte) 0xFB;
            out[i * frame + 2] = (byte) 0x90;
            out[i * frame + 3] = (byte) 0xC4;
        }
        return out;
    }

    /** Duration of a WAV upload (from its header), else of raw 16 kHz PCM16. */
    static double durationSeconds(byte[] data) {
        if (isWav(data) && data.length >= 44) {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int byteRate = b.getInt(28);
            if (byteRate > 0) return Math.max(0, data.length - 44) / (double) byteRate;
        }
        return data.length / 32_000.0;
    }

    static boolean isWav(byte[] d) { return startsWith(d, 0, "RIFF") && startsWith(d, 8, "WAVE"); }

    /** What the real server's decoders (soundfile, then ffmpeg) would plausibly accept. */
    static boolean decodable(byte[] d) {
        return isWav(d) || startsWith(d, 0, "fLaC") || startsWith(d, 0, "OggS") || startsWith(d, 0, "ID3")
                || (d.length > 1 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xE0) == 0xE0)
                || startsWith(d, 4, "ftyp") || (d.length > 3 && (d[0] & 0xFF) == 0x1A && (d[1] & 0xFF) == 0x45);
    }

    private static boolean startsWith(byte[] d, int at, String magic) {
        if (d.length < at + magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if (d[at + i] != magic.charAt(i)) return false;
        return true;
    }
}
