package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.MemoryPersistence;
import java.io.Serial;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Deployment names: readable, and never given out twice, not even after a deletion. */
class DeploymentNamesTest {

    @Test
    void next_isAdjectiveAnimalNumber_inLowercaseLettersDigitsAndDashes() {
        NameGenerator names = new NameGenerator(new SplittableRandom(42));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String name = names.next();
            assertThat(name).matches("[a-z]+-[a-z]+-[1-9][0-9]{2}").hasSizeLessThanOrEqualTo(59);
            seen.add(name);
        }
        assertThat(seen).hasSizeGreaterThan(1990);
        assertThat(NameGenerator.ADJECTIVES).doesNotHaveDuplicates().allMatch(w -> w.matches("[a-z]+"));
        assertThat(NameGenerator.ANIMALS).doesNotHaveDuplicates().allMatch(w -> w.matches("[a-z]+"));
    }

    @Test
    void create_drawnNameTakenOrRetired_drawsAgain() {
        // every draw picks the first adjective and animal; the numbers come from the script
        ScriptedRandom random = new ScriptedRandom(500, 500, 600, 700, 700, 800);
        try (MemoryPersistence store = MemoryPersistence.create("control");
                ControlPlane cp = ControlPlane.open(store, new TestClock(Instant.EPOCH), random)) {
            Principal owner = cp.authenticate(cp.bootstrap().orElseThrow().secret());
            Deployment production = cp.createProject(owner, "default", "app").production(); // 500
            Deployment staging = cp.createDeployment( // 500 is taken: 600
                    owner, NewDeployment.of("default", "app", DeploymentType.CUSTOM, "staging"));
            Deployment qa = cp.createDeployment( // 700
                    owner, NewDeployment.of("default", "app", DeploymentType.CUSTOM, "qa-1"));
            cp.deleteDeployment(owner, qa.name(), d -> {});
            Deployment qa2 = cp.createDeployment( // 700 is retired: 800
                    owner, NewDeployment.of("default", "app", DeploymentType.CUSTOM, "qa-1"));

            assertThat(List.of(production.name(), staging.name(), qa.name(), qa2.name()))
                    .containsExactly(
                            "agile-albatross-500", "agile-albatross-600", "agile-albatross-700", "agile-albatross-800");
        }
    }

    /** Real random bytes (secrets, ids), scripted name draws. */
    private static final class ScriptedRandom extends SecureRandom {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient Deque<Integer> numbers = new ArrayDeque<>();

        ScriptedRandom(Integer... numbers) {
            this.numbers.addAll(List.of(numbers));
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }

        @Override
        public int nextInt(int origin, int bound) {
            return numbers.removeFirst();
        }
    }
}
