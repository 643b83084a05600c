package dev.understudy.power;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class LinuxPowerSourceTest {
    @TempDir Path sys;

    private void supply(String name, String... kv) throws Exception {
        Path d = sys.resolve(name);
        Files.createDirectories(d);
        for (int i = 0; i < kv.length; i += 2) Files.writeString(d.resolve(kv[i]), kv[i + 1] + "\n");
    }

    private PowerState read() {
        return new LinuxPowerSource(sys, () -> null).read();
    }

    @Test
    void aDesktopWithoutBatteryIsOnAc() throws Exception {
        assertEquals(new PowerState(true, null, null), new LinuxPowerSource(sys.resolve("absent"), () -> null).read());
        assertEquals(new PowerState(true, null, null), read());
        supply("AC", "type", "Mains", "online", "1");
        assertEquals(new PowerState(true, null, null), read());
    }

    @Test
    void aLaptopPluggedInAndUnplugged() throws Exception {
        supply("AC", "type", "Mains", "online", "1");
        supply("BAT0", "type", "Battery", "present", "1", "status", "Charging", "capacity", "80");
        assertEquals(new PowerState(true, 80, null), read());
        supply("AC", "type", "Mains", "online", "0");
        supply("BAT0", "type", "Battery", "present", "1", "status", "Discharging", "capacity", "42");
        assertEquals(new PowerState(false, 42, null), read());
        supply("BAT0", "type", "Battery", "status", "Not charging", "capacity", "42");
        assertEquals(new PowerState(false, 42, null), read(), "every charger offline: on battery");
    }

    @Test
    void severalSuppliesTwoBatteriesByEnergyAndPeripheralsIgnored() throws Exception {
        supply("ACAD", "type", "Mains", "online", "0");
        supply("ucsi-source-psy-USBC000:001", "type", "USB", "online", "0");
        supply("BAT0", "type", "Battery", "status", "Discharging", "capacity", "90", "energy_now", "45000000", "energy_full", "50000000");
        supply("BAT1", "type", "Battery", "status", "Discharging", "capacity", "10", "energy_now", "2000000", "energy_full", "20000000");
        supply("hidpp_battery_0", "type", "Battery", "scope", "Device", "status", "Discharging", "capacity", "3");
        // (45 + 2) / (50 + 20) = 67%, not the average 50%, and the mouse's 3% is not the laptop's
        assertEquals(new PowerState(false, 67, null), read());
        supply("ucsi-source-psy-USBC000:001", "type", "USB", "online", "1");
        assertEquals(new PowerState(true, 67, null), read(), "a USB-C charger counts as AC");
    }

    @Test
    void chargeCountersCapacityFallbackAndOddFiles() throws Exception {
        supply("BAT0", "type", "Battery", "status", "Discharging", "charge_now", "1500000", "charge_full", "3000000");
        assertEquals(new PowerState(false, 50, null), read());
        supply("BAT1", "type", "Battery", "status", "Unknown", "capacity", "70"); // no energy: average capacities
        supply("BAT0", "type", "Battery", "status", "Discharging", "capacity", "30");
        assertEquals(new PowerState(false, 50, null), read());
        supply("BAT2", "type", "Battery", "present", "0", "capacity", "0");
        supply("junk", "type", "Battery", "status", "Full", "capacity", "not-a-number");
        assertEquals(new PowerState(false, 50, null), read());
        supply("weird", "online", "1"); // no type: ignored
        assertEquals(new PowerState(false, 50, null), read());
    }

    @Test
    void aFullBatteryWithoutChargerInfoIsOnAcAndUnknownChargeIsNull() throws Exception {
        supply("BAT0", "type", "Battery", "status", "Full");
        assertEquals(new PowerState(true, null, null), read());
    }

    @Test
    void meteredComesFromNetworkManager() {
        assertEquals(Boolean.TRUE, NetworkManagerMetered.parseBusctl("u 1\n"));
        assertEquals(Boolean.TRUE, NetworkManagerMetered.parseBusctl("u 3"));
        assertEquals(Boolean.FALSE, NetworkManagerMetered.parseBusctl("u 2"));
        assertEquals(Boolean.FALSE, NetworkManagerMetered.parseBusctl("u 4"));
        assertNull(NetworkManagerMetered.parseBusctl("u 0"));
        assertNull(NetworkManagerMetered.parseBusctl("garbage"));
        assertEquals(Boolean.TRUE, NetworkManagerMetered.parseNmcli("GENERAL.METERED:no (guessed)\nGENERAL.METERED:yes\n"));
        assertEquals(Boolean.FALSE, NetworkManagerMetered.parseNmcli("GENERAL.METERED:no (guessed)\nGENERAL.METERED:unknown\n"));
        assertNull(NetworkManagerMetered.parseNmcli("GENERAL.METERED:unknown\n"));
        assertNull(NetworkManagerMetered.parseNmcli(""));
    }

    @Test
    void busctlFirstThenNmcliAndAbsenceIsRememberedAsUnknown() throws Exception {
        List<String> calls = new ArrayList<>();
        CommandRunner onlyNmcli = (cmd, t) -> {
            calls.add(cmd.get(0));
            return cmd.get(0).equals("nmcli") ? Optional.of("GENERAL.METERED:yes (guessed)\n") : Optional.empty();
        };
        assertEquals(Boolean.TRUE, new NetworkManagerMetered(onlyNmcli).read());
        assertEquals(List.of("busctl", "nmcli"), calls);

        calls.clear();
        CommandRunner nothing = (cmd, t) -> {
            calls.add(cmd.get(0));
            return Optional.empty();
        };
        NetworkManagerMetered nm = new NetworkManagerMetered(nothing);
        assertNull(nm.read());
        assertNull(nm.read());
        assertEquals(List.of("busctl", "nmcli"), calls, "not asked again for a while once absent");

        supply("BAT0", "type", "Battery", "status", "Discharging", "capacity", "55");
        assertEquals(new PowerState(false, 55, true), new LinuxPowerSource(sys, () -> true).read());
        assertEquals(new PowerState(false, 55, null), new LinuxPowerSource(sys, () -> {
            throw new IllegalStateException("dbus down");
        }).read());
    }

    @Test
    void theRealMachineCanBeReadWithoutFailing() {
        // NetworkManager is absent on build machines: metered is then unknown, never an error.
        PowerState s = LinuxPowerSource.system().read();
        assertNotNull(s);
        assertTrue(CommandRunner.SYSTEM.run(List.of("understudy-no-such-binary"), Duration.ofSeconds(1)).isEmpty());
        assertEquals(Optional.of("hi\n"), CommandRunner.SYSTEM.run(List.of("echo", "hi"), Duration.ofSeconds(5)));
        assertTrue(CommandRunner.SYSTEM.run(List.of("sleep", "5"), Duration.ofMillis(200)).isEmpty(), "killed after the timeout");
    }
}
