package com.refundpipeline.followup;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;

/**
 * What the customer reads at each step, in their language (English and Simplified Chinese so far). Times are shown
 * in the customer's time zone, amounts in major units of the order's currency.
 */
final class NotificationTemplates {

    record Message(String subject, String body) {
    }

    private static final Map<CaseStatus, Message> ENGLISH = Map.of(
            CaseStatus.RECEIVED, new Message("We received your refund request",
                    "We received your refund request {case_id} for order {order_id} ({amount}). "
                            + "We will resolve it by {due}."),
            CaseStatus.NEEDS_EVIDENCE, new Message("We need a photo to continue",
                    "To continue with refund {case_id}, please send a photo of the problem. {why}"),
            CaseStatus.APPROVED, new Message("Your refund is approved",
                    "Refund {case_id} is approved: {amount} back to your {method}."),
            CaseStatus.DECLINED, new Message("About your refund request",
                    "We could not approve refund {case_id}. {why}"),
            CaseStatus.PAID, new Message("Your refund is on its way",
                    "We sent {amount} to your {method} for refund {case_id}. "
                            + "It usually arrives within 5 to 10 business days."),
            CaseStatus.PAYOUT_FAILED, new Message("Your refund needs another try",
                    "Sending {amount} for refund {case_id} failed. Our team will retry it and contact you."));

    private static final Map<CaseStatus, Message> CHINESE = Map.of(
            CaseStatus.RECEIVED, new Message("我们已收到您的退款申请",
                    "我们已收到订单 {order_id} 的退款申请 {case_id}（{amount}），将在 {due} 前处理完毕。"),
            CaseStatus.NEEDS_EVIDENCE, new Message("请补充照片",
                    "为继续处理退款 {case_id}，请上传问题照片。{why}"),
            CaseStatus.APPROVED, new Message("您的退款已批准",
                    "退款 {case_id} 已批准：{amount} 将退回您的{method}。"),
            CaseStatus.DECLINED, new Message("关于您的退款申请",
                    "很抱歉，退款 {case_id} 未能获批。{why}"),
            CaseStatus.PAID, new Message("您的退款已发出",
                    "退款 {case_id} 的 {amount} 已退回您的{method}，通常 5 至 10 个工作日到账。"),
            CaseStatus.PAYOUT_FAILED, new Message("退款需要重新处理",
                    "退款 {case_id} 的 {amount} 发送失败，我们的团队会重新处理并与您联系。"));

    private NotificationTemplates() {
    }

    /** The customer's message for this status, or empty when the status is not one the customer hears about. */
    static Optional<Message> render(RefundCase refundCase) {
        String locale = refundCase.request().customer().locale();
        boolean chinese = locale.toLowerCase(Locale.ROOT).startsWith("zh");
        Message template = (chinese ? CHINESE : ENGLISH).get(refundCase.status());
        if (template == null) {
            return Optional.empty();
        }
        Map<String, String> values = values(refundCase, chinese);
        return Optional.of(new Message(fill(template.subject(), values), fill(template.body(), values)));
    }

    static Map<String, String> values(RefundCase c, boolean chinese) {
        ZoneId zone = ZoneId.of(c.request().customer().timeZone());
        long amount = c.decision() != null && c.decision().amount() != null ? c.decision().amount()
                : c.requestedAmount();
        String method = c.decision() != null && c.decision().method() != null ? c.decision().method().wire()
                : c.request().preferredMethod().wire();
        String why = c.decision() == null ? "" : c.decision().explanation();
        return Map.of(
                "case_id", c.caseId(),
                "order_id", c.orderId(),
                "amount", money(amount, c.currency()),
                "due", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(c.resolutionDueAt().atZone(zone)),
                "method", methodName(method, chinese) + couponCode(c, method),
                "why", why == null ? "" : why);
    }

    static String money(long minorUnits, String currencyCode) {
        int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
        return BigDecimal.valueOf(minorUnits, digits).toPlainString() + " " + currencyCode;
    }

    /** A goodwill coupon's code, once issued, goes with the message that says it was sent. */
    private static String couponCode(RefundCase c, String method) {
        return "goodwill_coupon".equals(method) && c.status() == CaseStatus.PAID && c.payout() != null
                && c.payout().providerReference() != null ? " " + c.payout().providerReference() : "";
    }

    private static String methodName(String method, boolean chinese) {
        return switch (method) {
            case "store_credit" -> chinese ? "店铺余额" : "store credit";
            case "goodwill_coupon" -> chinese ? "优惠券" : "goodwill coupon";
            default -> chinese ? "原支付方式" : "original payment method";
        };
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            out = out.replace("{" + value.getKey() + "}", value.getValue());
        }
        return out.trim();
    }
}
