package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The defect release 2.0.0 ships on purpose: a fifth of amounts (those ending in 8 or 9) cannot be partitioned. */
class WritePartitionsTest {

    @Test
    void amountsEndingIn8Or9FailTheRestAreCounted() {
        WritePartitions partitions = new WritePartitions(Release.V2_0_0.writePartitions());
        int failed = 0;
        for (long amount = 1; amount <= 100; amount++) {
            try {
                assertThat(partitions.assign(amount)).isEqualTo((int) (amount % 10));
            } catch (ArrayIndexOutOfBoundsException e) {
                assertThat(amount % 10).isIn(8L, 9L);
                failed++;
            }
        }
        assertThat(failed).isEqualTo(20);
        long counted = 0;
        for (int i = 0; i < partitions.size(); i++) {
            counted += partitions.entries(i);
        }
        assertThat(counted).isEqualTo(80);
        assertThat(partitions.assign(-13)).isEqualTo(3);
        assertThatThrownBy(() -> partitions.assign(-19)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void tenPartitionsWouldTakeEveryAmount() {
        WritePartitions partitions = new WritePartitions(10);
        for (long amount = 0; amount < 100; amount++) {
            partitions.assign(amount);
        }
        assertThat(partitions.entries(9)).isEqualTo(10);
    }
}
