import { FormController } from "@web/views/form/form_controller";
import { patch } from "@web/core/utils/patch";

// Check-in and check-out of a field visit send the browser's position when
// the user allows it (the browser asks once); refused, unavailable or too slow
// (10 s), the visit is checked in or out all the same, without a position.
const VISIT_MODEL = "scrm.sales.visit";
const POSITION_BUTTONS = ["action_check_in", "action_check_out"];
const POSITION_TIMEOUT = 10000;

export function getVisitPosition() {
    return new Promise((resolve) => {
        if (!navigator.geolocation) {
            resolve(null);
            return;
        }
        const timer = setTimeout(() => resolve(null), POSITION_TIMEOUT + 1000);
        navigator.geolocation.getCurrentPosition(
            ({ coords }) => {
                clearTimeout(timer);
                resolve({ latitude: coords.latitude, longitude: coords.longitude });
            },
            () => {
                clearTimeout(timer);
                resolve(null);
            },
            { enableHighAccuracy: true, timeout: POSITION_TIMEOUT, maximumAge: 60000 }
        );
    });
}

patch(FormController.prototype, {
    async beforeExecuteActionButton(clickParams) {
        if (
            this.props.resModel === VISIT_MODEL &&
            clickParams.type === "object" &&
            POSITION_BUTTONS.includes(clickParams.name)
        ) {
            const position = await getVisitPosition();
            if (position) {
                clickParams.buttonContext = {
                    ...(clickParams.buttonContext || {}),
                    scrm_latitude: position.latitude,
                    scrm_longitude: position.longitude,
                };
            }
        }
        return super.beforeExecuteActionButton(...arguments);
    },
});
