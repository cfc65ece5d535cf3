package io.ainnoface.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data parallelism in the manner of PyTorch's {@code DataParallel}: every batch is split into one
 * shard per device; each shard's forward pass reads the parameters through {@link Store}, which
 * gives other devices differentiable copies, so one backward pass sums every shard's gradients
 * into the parameters on the first device, where the optimizer runs. BatchNorm normalizes each
 * shard with its own statistics; the running statistics are those of the first device's shard.
 */
public final class DataParallel {
    private DataParallel() {}

    /** {@code train.devices} → devices; empty → the CPU, {@code all} → every GPU (else the CPU). */
    public static List<Device> devices(List<String> names) {
        List<Device> out = new ArrayList<>();
        int gpus = names.isEmpty() ? 0 : Engine.getInstance().getGpuCount();
        for (String name : names) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("all")) {
                out.addAll(List.of(Engine.getInstance().getDevices()));
            } else if (n.equals("cpu")) {
                out.add(Device.cpu());
            } else if (n.matches("gpu\\d+")) {
                int id = Integer.parseInt(n.substring(3));
                if (id >= gpus) {
                    throw new IllegalArgumentException("train.devices: " + name + " is not available (" + gpus
                            + " GPU" + (gpus == 1 ? "" : "s") + " here)");
                }
                out.add(Device.gpu(id));
            } else {
                throw new IllegalArgumentException("train.devices: unknown device '" + name + "' (cpu, gpu0, gpu1, ..., all)");
            }
        }
        return out.isEmpty() ? List.of(Device.cpu()) : out;
    }

    /** Shard sizes of a batch of {@code batch} over {@code devices}, as even as possible. */
    public static int[] shardSizes(int batch, int devices) {
        if (batch < devices) {
            throw new IllegalArgumentException("a batch of " + batch + " cannot feed " + devices
                    + " devices; raise train.batchSize");
        }
        int[] out = new int[devices];
        for (int i = 0; i < devices; i++) {
            out[i] = batch / devices + (i < batch % devices ? 1 : 0);
        }
        return out;
    }

    /**
     * Parameters as the forward pass on a shard's device sees them: the array itself on its own
     * device, elsewhere a copy made once per step, attached to the step's manager, whose gradient
     * flows back to the original.
     */
    public static final class Store extends ParameterStore {
        private final NDManager manager;
        private final Map<String, NDArray> copies = new HashMap<>();

        public Store(NDManager manager) {
            super(manager, false);
            this.manager = manager;
        }

        @Override
        public NDArray getValue(Parameter p, Device device, boolean training) {
            if (p == null) {
                return null; // e.g. the bias of a conv without one, as DJL's own store answers
            }
            NDArray a = p.getArray();
            if (device == null || a.getDevice().equals(device)) {
                return a;
            }
            return copies.computeIfAbsent(p.getId() + "@" + device, k -> {
                NDArray c = a.toDevice(device, false);
                c.attach(manager);
                return c;
            });
        }
    }
}
