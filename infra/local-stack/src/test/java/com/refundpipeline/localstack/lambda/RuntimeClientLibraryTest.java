package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.localstack.StackHome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeClientLibraryTest {

    @TempDir
    Path dir;

    @Test
    void unpacksTheLibraryWithANonExecutableStack() throws IOException {
        Path library = RuntimeClientLibrary.unpack(StackHome.locate().lambdaRuntimeDir(), dir);
        byte[] elf = Files.readAllBytes(library);
        assertTrue(elf.length > 100_000);
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int size = Short.toUnsignedInt(b.getShort(0x36));
        int count = Short.toUnsignedInt(b.getShort(0x38));
        int stacks = 0;
        for (int i = 0; i < count; i++) {
            int at = (int) (phoff + (long) i * size);
            if (b.getInt(at) == 0x6474e551) {
                stacks++;
                assertEquals(0, b.getInt(at + 4) & 1, "PT_GNU_STACK must not be executable");
            }
        }
        assertEquals(1, stacks);
    }
}
