package dev.bnn.data;

/** The official training or test part of a dataset (validation splits are cut from TRAIN by the trainer). */
public enum Split {
    TRAIN, TEST;

    /** "train" or "test". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
