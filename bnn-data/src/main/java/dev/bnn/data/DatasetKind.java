package dev.bnn.data;

import dev.bnn.data.fetch.RemoteFile;
import dev.bnn.data.format.Cifar10;
import dev.bnn.data.format.Svhn;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The datasets bnn reads, with their official file names, download sources and checksums.
 *
 * <p>Checksums (SHA-256 of the files as served): MNIST's equal those of the byte-exact copies in
 * the project's shared data folder (whose MD5s equal the official ones) and TensorFlow Datasets'
 * {@code url_checksums/mnist.txt}; Fashion-MNIST's, CIFAR-10's and SVHN's are TensorFlow Datasets'
 * ({@code url_checksums/fashion_mnist.txt}, {@code cifar10.txt}, {@code svhn_cropped.txt}),
 * not re-verified here (no copy of those exact files is at hand).
 */
public enum DatasetKind {
    /** LeCun et al. 1998: 60,000 + 10,000 handwritten digits, 28 x 28 grey. */
    MNIST("mnist", "MNIST", 10) {
        @Override
        public List<String> files(Split split) {
            return idxFiles(split);
        }

        @Override
        public List<RemoteFile> downloads() {
            List<String> bases = List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/", "http://yann.lecun.com/exdb/mnist/");
            return List.of(
                    idx(bases, "train-images-idx3-ubyte.gz", 9912422,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    idx(bases, "train-labels-idx1-ubyte.gz", 28881,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    idx(bases, "t10k-images-idx3-ubyte.gz", 1648877,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    idx(bases, "t10k-labels-idx1-ubyte.gz", 4542,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"));
        }
    },
    /** Xiao et al. 2017: 60,000 + 10,000 Zalando article images, 28 x 28 grey, MNIST's IDX files. */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", 10) {
        @Override
        public List<String> files(Split split) {
            return idxFiles(split);
        }

        @Override
        public List<RemoteFile> downloads() {
            List<String> bases = List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
            return List.of(
                    idx(bases, "train-images-idx3-ubyte.gz", 26421880,
                            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                    idx(bases, "train-labels-idx1-ubyte.gz", 29515,
                            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                    idx(bases, "t10k-images-idx3-ubyte.gz", 4422102,
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                    idx(bases, "t10k-labels-idx1-ubyte.gz", 5148,
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"));
        }

        /** Debian's {@code dataset-fashion-mnist} package installs the four {@code .gz} files here. */
        @Override
        public List<Path> systemFolders() {
            return List.of(Path.of("/usr/share/datasets/fashion-mnist"));
        }

        @Override
        public String systemPackage() {
            return "Debian/Ubuntu: apt-get install dataset-fashion-mnist";
        }
    },
    /** Krizhevsky 2009: 50,000 + 10,000 colour images of 10 classes, 32 x 32, the binary version. */
    CIFAR10("cifar10", "CIFAR-10", 10) {
        @Override
        public List<String> files(Split split) {
            return split == Split.TRAIN ? Cifar10.TRAIN_FILES : Cifar10.TEST_FILES;
        }

        @Override
        public List<RemoteFile> downloads() {
            List<String> members = new ArrayList<>();
            for (String f : Cifar10.TRAIN_FILES) {
                members.add("cifar-10-batches-bin/" + f);
            }
            members.add("cifar-10-batches-bin/" + Cifar10.TEST_FILES.get(0));
            return List.of(new RemoteFile("cifar-10-binary.tar.gz",
                    List.of(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")), 170052171,
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", members));
        }
    },
    /** Netzer et al. 2011: 73,257 + 26,032 cropped house-number digits, 32 x 32 colour, format 2. */
    SVHN("svhn", "SVHN", 10) {
        @Override
        public List<String> files(Split split) {
            return List.of(split == Split.TRAIN ? Svhn.TRAIN_FILE : Svhn.TEST_FILE);
        }

        @Override
        public List<RemoteFile> downloads() {
            String base = "http://ufldl.stanford.edu/housenumbers/";
            return List.of(
                    new RemoteFile(Svhn.TRAIN_FILE, List.of(URI.create(base + Svhn.TRAIN_FILE)), 182040794,
                            "435e94d69a87fde4fd4d7f3dd208dfc32cb6ae8af2240d066de1df7508d083b8", List.of()),
                    new RemoteFile(Svhn.TEST_FILE, List.of(URI.create(base + Svhn.TEST_FILE)), 64275384,
                            "cdce80dfb2a2c4c6160906d0bd7c68ec5a99d7ca4831afa54f09182025b6a75b", List.of()));
        }
    };

    private final String folder;
    private final String title;
    private final int classes;

    DatasetKind(String folder, String title, int classes) {
        this.folder = folder;
        this.title = title;
        this.classes = classes;
    }

    /** The sub-folder of the data directory that holds this dataset, e.g. {@code mnist}. */
    public String folder() {
        return folder;
    }

    /** The dataset's usual name, e.g. "CIFAR-10". */
    public String title() {
        return title;
    }

    public int classes() {
        return classes;
    }

    /** The shape of one image: height, width, channels (28 x 28 x 1 for the MNISTs, 32 x 32 x 3 for CIFAR-10 and SVHN). */
    public int[] exampleShape() {
        return switch (this) {
            case MNIST, FASHION_MNIST -> new int[] {28, 28, 1};
            case CIFAR10, SVHN -> new int[] {32, 32, 3};
        };
    }

    /**
     * The official names of the files one split needs. For the IDX datasets the {@code .gz} names
     * are listed, and the decompressed file (the same name without {@code .gz}) is accepted too.
     */
    public abstract List<String> files(Split split);

    /** Where the files come from: the official sources (and, for MNIST, two well-known mirrors). */
    public abstract List<RemoteFile> downloads();

    /** Folders outside the data directory where a system package installs this dataset. */
    public List<Path> systemFolders() {
        return List.of();
    }

    /** How to install the system package that fills {@link #systemFolders()}, or null if there is none. */
    public String systemPackage() {
        return null;
    }

    /** The kind whose {@link #folder()} or {@link #name()} is {@code name}, ignoring case and '-' vs '_'. */
    public static DatasetKind fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetKind k : values()) {
            if (k.folder.equals(n) || k.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                + Arrays.stream(values()).map(DatasetKind::folder).collect(Collectors.joining(", ")));
    }

    private static List<String> idxFiles(Split split) {
        String p = split == Split.TRAIN ? "train" : "t10k";
        return List.of(p + "-images-idx3-ubyte.gz", p + "-labels-idx1-ubyte.gz");
    }

    private static RemoteFile idx(List<String> bases, String name, long size, String sha256) {
        return new RemoteFile(name, bases.stream().map(b -> URI.create(b + name)).toList(), size, sha256, List.of());
    }
}
