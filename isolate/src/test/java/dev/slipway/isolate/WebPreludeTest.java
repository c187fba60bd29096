package dev.slipway.isolate;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The web-platform prelude ({@code src/main/resources/dev/slipway/isolate/web}) against Node's own
 * implementations as the oracle: runs the Node suite in {@code src/test/js/web} ({@code node
 * --test}), which loads the prelude into bare {@code vm} contexts. Fails, never skips, without Node.
 */
@Tag("node")
class WebPreludeTest {
    @Test
    void nodeSuite_passes() throws Exception {
        TestBundle.requireTool("node");
        TestBundle.run(List.of("node", "--test", "web/"), 600);
    }
}
